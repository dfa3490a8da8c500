"""Each channel's adapter builds the provider's documented request; no network is used.

Known values come from the providers' own documentation: Tencent Cloud's TC3-HMAC-SHA256
example (CVM DescribeInstances, timestamp 1551113065), Aliyun's SMS signature example
(SendSms, testId/testSecret, 2017-07-12T02:42:19Z), and the documented request bodies of
Tencent `SendSms` (2021-01-11), Aliyun `SendSms` (2017-05-25) and WeChat
`cgi-bin/message/template/send` with `cgi-bin/stable_token`.
"""

import datetime
import hashlib
import json
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.core import mail
from django.core.cache.backends.locmem import LocMemCache

from gongzhi.notifications import providers
from gongzhi.notifications.channels import CHANNELS, OutgoingMessage
from gongzhi.notifications.providers import (
    AliyunSmsBackend,
    DeliveryError,
    OfficialAccountBackend,
    TencentSmsBackend,
    aliyun_signature,
    tc3_signature,
)

TENCENT = {"tencent_secret_id": "AKIDEXAMPLE", "tencent_secret_key": "SECRETEXAMPLE",
           "tencent_sdk_app_id": "1400006666", "tencent_region": "ap-guangzhou",
           "sign_name": "永泰社区", "template_id": "1110"}
ALIYUN = {"aliyun_access_key_id": "testId", "aliyun_access_key_secret": "testSecret",
          "sign_name": "永泰社区", "template_id": "SMS_71390007"}


class Recorder:
    """A transport that records the request and answers as the provider would."""

    def __init__(self, *answers):
        self.answers = list(answers)
        self.requests = []

    def __call__(self, request):
        self.requests.append(request)
        status, body = self.answers.pop(0)
        return status, json.dumps(body).encode()


# ---- Tencent Cloud -------------------------------------------------------------------------

def test_tc3_signature_matches_tencent_clouds_documented_example():
    payload = json.dumps({"Limit": 1, "Filters": [{"Values": ["未命名"],
                                                   "Name": "instance-name"}]})
    canonical_request = ("POST\n/\n\ncontent-type:application/json; charset=utf-8\n"
                         "host:cvm.tencentcloudapi.com\n\ncontent-type;host\n"
                         + hashlib.sha256(payload.encode()).hexdigest())
    assert hashlib.sha256(payload.encode()).hexdigest() == (
        "35e9c5b0e3ae67532d3c9f17ead6c90222632e5b1ff7f6e89887f1398934f064")
    assert tc3_signature(secret_key="Gu5t9xGARNpq86cd98joQYCN3*******", service="cvm",
                         timestamp=1551113065, canonical_request=canonical_request) == (
        "2230eefd229f582d8b1b891af7107b91597240707d778ab3738f756258d7652c")


def test_tencent_send_sms_request_follows_the_api_3_documentation():
    backend = TencentSmsBackend(TENCENT, clock=lambda: 1551113065)
    request = backend.build_request(phone="13800000001", params=["永泰社区", "停水通知"],
                                    reference="gongzhi-delivery-7")
    assert (request.method, request.url) == ("POST", "https://sms.tencentcloudapi.com/")
    assert json.loads(request.body) == {
        "PhoneNumberSet": ["+8613800000001"], "SmsSdkAppId": "1400006666",
        "SignName": "永泰社区", "TemplateId": "1110", "TemplateParamSet": ["永泰社区", "停水通知"],
        "SessionContext": "gongzhi-delivery-7"}
    headers = request.headers
    assert {key: headers[key] for key in ("Content-Type", "Host", "X-TC-Action",
                                          "X-TC-Timestamp", "X-TC-Version", "X-TC-Region")} == {
        "Content-Type": "application/json; charset=utf-8", "Host": "sms.tencentcloudapi.com",
        "X-TC-Action": "SendSms", "X-TC-Timestamp": "1551113065", "X-TC-Version": "2021-01-11",
        "X-TC-Region": "ap-guangzhou"}
    # the Authorization header signs exactly these headers and this body
    canonical = ("POST\n/\n\ncontent-type:application/json; charset=utf-8\n"
                 "host:sms.tencentcloudapi.com\nx-tc-action:sendsms\n\n"
                 "content-type;host;x-tc-action\n" + hashlib.sha256(request.body).hexdigest())
    signature = tc3_signature(secret_key="SECRETEXAMPLE", service="sms",
                              timestamp=1551113065, canonical_request=canonical)
    assert headers["Authorization"] == (
        "TC3-HMAC-SHA256 Credential=AKIDEXAMPLE/2019-02-25/sms/tc3_request, "
        f"SignedHeaders=content-type;host;x-tc-action, Signature={signature}")


def test_tencent_answers_are_read():
    ok = {"Response": {"SendStatusSet": [{"SerialNo": "5000:1045710669157053657849499619",
                                          "PhoneNumber": "+8613800000001", "Code": "Ok",
                                          "Message": "send success"}], "RequestId": "r1"}}
    refused = {"Response": {"SendStatusSet": [{"Code": "LimitExceeded.PhoneNumberDailyLimit",
                                               "Message": "daily limit"}], "RequestId": "r2"}}
    auth = {"Response": {"Error": {"Code": "AuthFailure.SignatureFailure", "Message": "bad"},
                         "RequestId": "r3"}}
    backend = TencentSmsBackend(TENCENT, transport=Recorder((200, ok), (200, refused),
                                                            (200, auth)))
    send = {"phone": "13800000001", "params": ["a", "b"], "reference": "r"}
    assert backend.send_sms(**send) == "5000:1045710669157053657849499619"
    with pytest.raises(DeliveryError, match="PhoneNumberDailyLimit") as refused_error:
        backend.send_sms(**send)
    assert refused_error.value.retryable is False
    with pytest.raises(DeliveryError, match="SignatureFailure"):
        backend.send_sms(**send)


# ---- Aliyun --------------------------------------------------------------------------------

def test_aliyun_signature_matches_the_sms_documentations_example():
    params = {"AccessKeyId": "testId", "Action": "SendSms", "Format": "XML", "OutId": "123",
              "PhoneNumbers": "15300000001", "RegionId": "cn-hangzhou",
              "SignName": "阿里云短信测试专用", "SignatureMethod": "HMAC-SHA1",
              "SignatureNonce": "45e25e9b-0a6f-4070-8c85-2956eda1b466",
              "SignatureVersion": "1.0", "TemplateCode": "SMS_71390007",
              "TemplateParam": '{"customer":"test"}', "Timestamp": "2017-07-12T02:42:19Z",
              "Version": "2017-05-25"}
    assert aliyun_signature(method="GET", params=params, secret="testSecret") == (
        "zJDF+Lrzhj/ThnlvIToysFRq6t4=")


def test_aliyun_send_sms_request_is_a_signed_form_post():
    backend = AliyunSmsBackend(
        ALIYUN, clock=lambda: datetime.datetime(2017, 7, 12, 2, 42, 19,
                                                tzinfo=datetime.UTC).timestamp(),
        nonce=lambda: "45e25e9b-0a6f-4070-8c85-2956eda1b466")
    request = backend.build_request(phone="+8615300000001", params=["永泰社区", "停水通知"],
                                    reference="gongzhi-delivery-7")
    assert (request.method, request.url) == ("POST", "https://dysmsapi.aliyuncs.com/")
    assert request.headers == {"Content-Type": "application/x-www-form-urlencoded"}
    sent = dict(parse_qsl(request.body.decode()))
    signature = sent.pop("Signature")
    assert sent == {
        "AccessKeyId": "testId", "Action": "SendSms", "Format": "JSON",
        "OutId": "gongzhi-delivery-7", "PhoneNumbers": "15300000001",
        "RegionId": "cn-hangzhou", "SignName": "永泰社区", "SignatureMethod": "HMAC-SHA1",
        "SignatureNonce": "45e25e9b-0a6f-4070-8c85-2956eda1b466", "SignatureVersion": "1.0",
        "TemplateCode": "SMS_71390007", "TemplateParam": '{"p1":"永泰社区","p2":"停水通知"}',
        "Timestamp": "2017-07-12T02:42:19Z", "Version": "2017-05-25"}
    assert signature == aliyun_signature(method="POST", params=sent, secret="testSecret")
    # spaces are %20, not +, as the signature's encoding expects
    assert "+" not in request.body.decode().replace("%2B", "")


def test_aliyun_answers_are_read():
    backend = AliyunSmsBackend(ALIYUN, transport=Recorder(
        (200, {"Code": "OK", "Message": "OK", "BizId": "900619746936498440^0",
               "RequestId": "F655A8D5"}),
        (200, {"Code": "isv.MOBILE_NUMBER_ILLEGAL", "Message": "非法手机号"})))
    send = {"phone": "13800000001", "params": ["a"], "reference": "r"}
    assert backend.send_sms(**send) == "900619746936498440^0"
    with pytest.raises(DeliveryError, match="MOBILE_NUMBER_ILLEGAL") as error:
        backend.send_sms(**send)
    assert error.value.retryable is False


# ---- WeChat Official Account ---------------------------------------------------------------

WECHAT = {"app_id": "wx1234567890", "app_secret": "s3cret", "template_id": "tmpl-001",
          "fields": {"title": "thing1", "sender": "thing2", "time": "time3"}}


def test_wechat_template_message_follows_the_documentation_and_caches_the_token():
    transport = Recorder(
        (200, {"access_token": "ACCESS_TOKEN", "expires_in": 7200}),
        (200, {"errcode": 0, "errmsg": "ok", "msgid": 200228332}),
        (200, {"errcode": 0, "errmsg": "ok", "msgid": 200228333}))
    backend = OfficialAccountBackend(WECHAT, transport=transport,
                                     token_cache=LocMemCache("wechat-test", {}))
    data = {"thing1": "停水通知", "thing2": "永泰社区", "time3": "2026-03-02 10:00"}
    assert backend.send_template(openid="o-wang", data=data, url="https://x.cn/n/1/",
                                 reference="gongzhi-delivery-7") == "200228332"
    backend.send_template(openid="o-wang", data=data, url="", reference="gongzhi-delivery-8")
    token, first, second = transport.requests
    assert (token.method, token.url) == ("POST", "https://api.weixin.qq.com/cgi-bin/stable_token")
    assert json.loads(token.body) == {"grant_type": "client_credential", "appid": "wx1234567890",
                                      "secret": "s3cret", "force_refresh": False}
    url = urlsplit(first.url)
    assert (first.method, url.path, url.query) == (
        "POST", "/cgi-bin/message/template/send", "access_token=ACCESS_TOKEN")
    assert json.loads(first.body) == {
        "touser": "o-wang", "template_id": "tmpl-001", "url": "https://x.cn/n/1/",
        "client_msg_id": "gongzhi-delivery-7",
        "data": {"thing1": {"value": "停水通知"}, "thing2": {"value": "永泰社区"},
                 "time3": {"value": "2026-03-02 10:00"}}}
    assert second.url.endswith("access_token=ACCESS_TOKEN")  # one token for both messages


def test_an_expired_wechat_token_is_dropped_and_the_message_retried():
    cache = LocMemCache("wechat-test-2", {})
    transport = Recorder((200, {"access_token": "OLD", "expires_in": 7200}),
                         (200, {"errcode": 42001, "errmsg": "access_token expired"}))
    backend = OfficialAccountBackend(WECHAT, transport=transport, token_cache=cache)
    with pytest.raises(DeliveryError, match="42001") as error:
        backend.send_template(openid="o", data={}, url="", reference="r")
    assert error.value.retryable is True
    assert cache.get("wechat-token:wx1234567890") is None


# ---- The channels --------------------------------------------------------------------------

MESSAGE = OutgoingMessage(address="", subject="停水通知：周三上午永泰东街1号全楼停水检修",
                          text="周三 9:00–12:00 停水。", url="http://testserver/notifications/1/",
                          sender="永泰社区", reference="gongzhi-delivery-1",
                          sent_at=datetime.datetime(2026, 3, 2, 2, 0, tzinfo=datetime.UTC))


def test_email_goes_through_djangos_mail_backend():
    message = OutgoingMessage(**{**MESSAGE.__dict__, "address": "lee@example.org"})
    CHANNELS["email"].send(message)
    [sent] = mail.outbox
    assert (sent.subject, sent.to) == (MESSAGE.subject, ["lee@example.org"])
    assert sent.body == ("周三 9:00–12:00 停水。\n\nhttp://testserver/notifications/1/"
                         "\n\n— 永泰社区")


def test_sms_and_wechat_variables_are_cut_to_the_templates_limits(settings):
    providers.outbox.clear()
    settings.NOTIFICATIONS_SMS = {**settings.NOTIFICATIONS_SMS, "param_max_length": 12}
    CHANNELS["sms"].send(OutgoingMessage(**{**MESSAGE.__dict__, "address": "13800000001"}))
    CHANNELS["wechat"].send(OutgoingMessage(**{**MESSAGE.__dict__, "address": "o-wang"}))
    sms, wechat = providers.outbox
    assert sms["params"] == ["永泰社区", "停水通知：周三上午永泰…"]
    assert wechat["data"] == {"thing1": "停水通知：周三上午永泰东街1号全楼停水…",
                              "thing2": "永泰社区", "time3": "2026-03-02 10:00"}
    providers.outbox.clear()


def test_the_file_backend_writes_one_json_line(settings, tmp_path):
    settings.NOTIFICATIONS_SMS_BACKEND = "file"
    settings.NOTIFICATIONS_FILE_PATH = str(tmp_path / "outbox.jsonl")
    CHANNELS["sms"].send(OutgoingMessage(**{**MESSAGE.__dict__, "address": "13800000001"}))
    [line] = (tmp_path / "outbox.jsonl").read_text().splitlines()
    assert json.loads(line)["to"] == "13800000001"


def test_addresses_are_masked_for_the_operators_page():
    assert CHANNELS["sms"].mask("13800000001") == "138****0001"
    assert CHANNELS["email"].mask("lee@example.org") == "l***@example.org"
    assert CHANNELS["wechat"].mask("oAbcdefghijk") == "oAbc…"
