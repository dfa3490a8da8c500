"""Adapters for the SMS and WeChat providers, chosen by settings.

Each real adapter builds the provider's documented HTTP request as a plain `HttpRequest`
(tests compare it with the documentation; no network at test time) and hands it to a
transport, `http_send` by default. Development and tests use the console, file and locmem
backends, which send nothing.

- Tencent Cloud SMS, API 3.0 `SendSms` (version 2021-01-11), signed with TC3-HMAC-SHA256.
- Aliyun SMS (Dysmsapi) `SendSms` (version 2017-05-25), RPC signature V1 (HMAC-SHA1).
- WeChat Official Account template message, `POST /cgi-bin/message/template/send`, with an
  access token from `POST /cgi-bin/stable_token`, cached.
"""

import base64
import datetime
import hashlib
import hmac
import json
import logging
import time
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, urlencode

from django.conf import settings
from django.core.cache import cache

from gongzhi.core.text import mask_personal_data, mask_phone

logger = logging.getLogger("gongzhi.notifications")

# What the locmem backends "sent", for tests (like django.core.mail.outbox).
outbox: list[dict] = []


class DeliveryError(Exception):
    """The provider refused or could not be reached; `retryable` says whether to try again."""

    def __init__(self, message: str, *, retryable: bool = True):
        # a provider may quote the number it refused; the message is logged and stored
        super().__init__(mask_personal_data(message))
        self.retryable = retryable


@dataclass
class HttpRequest:
    method: str
    url: str
    headers: dict = field(default_factory=dict)
    body: bytes = b""


def http_send(request: HttpRequest, timeout: float = 10) -> tuple[int, bytes]:
    """Send a request; (status, body). Network failures are retryable DeliveryErrors."""
    outgoing = urllib.request.Request(request.url, data=request.body or None,
                                      headers=request.headers, method=request.method)
    try:
        with urllib.request.urlopen(outgoing, timeout=timeout) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()
    except (urllib.error.URLError, TimeoutError, OSError) as error:
        raise DeliveryError(f"network: {error}") from None


# messages whose parameters are secrets (a sign-up or reset code): the console log shows
# neither; the file and memory outboxes keep them (they are what a developer reads back)
SECRET_REFERENCE_PREFIXES = ("portal-code-",)


def _record(channel: str, payload: dict) -> dict:
    return {"channel": channel, **payload}


class _LocalBackend:
    """Sends nothing: prints, writes a JSON line, or keeps the message in `outbox`."""

    channel = ""

    def __init__(self, mode: str):
        self.mode = mode

    def _deliver(self, payload: dict) -> str:
        message = _record(self.channel, payload)
        if self.mode == "locmem":
            outbox.append(message)
        elif self.mode == "file":
            path = Path(settings.NOTIFICATIONS_FILE_PATH)
            path.parent.mkdir(parents=True, exist_ok=True)
            with path.open("a", encoding="utf-8") as handle:
                handle.write(json.dumps(message, ensure_ascii=False) + "\n")
        else:
            # the console is a log: the number is masked (the file and memory outboxes are
            # what a developer reads back as "sent", with the full address)
            logged = ({**message, "to": mask_phone(message["to"])} if self.channel == "sms"
                      else message)
            if str(logged.get("reference", "")).startswith(SECRET_REFERENCE_PREFIXES):
                logged = {**logged, "params": ["***"] * len(logged.get("params") or [])}
            logger.info("%s (console backend): %s", self.channel,
                        mask_personal_data(json.dumps(logged, ensure_ascii=False)))
        return f"{self.mode}-{uuid.uuid4().hex[:12]}"


# ---- SMS -----------------------------------------------------------------------------------

class LocalSmsBackend(_LocalBackend):
    channel = "sms"

    def send_sms(self, *, phone: str, params: list[str], reference: str,
                 template_id: str | None = None) -> str:
        return self._deliver({"to": phone, "params": params, "reference": reference,
                              "template_id": template_id
                              or settings.NOTIFICATIONS_SMS["template_id"]})


def tc3_signature(*, secret_key: str, service: str, timestamp: int, canonical_request: str) -> str:
    """Tencent Cloud API 3.0 signature (TC3-HMAC-SHA256) of a canonical request."""
    date = datetime.datetime.fromtimestamp(timestamp, tz=datetime.UTC).strftime("%Y-%m-%d")
    scope = f"{date}/{service}/tc3_request"
    string_to_sign = "\n".join([
        "TC3-HMAC-SHA256", str(timestamp), scope,
        hashlib.sha256(canonical_request.encode()).hexdigest()])

    def sign(key: bytes, message: str) -> bytes:
        return hmac.new(key, message.encode(), hashlib.sha256).digest()

    key = sign(sign(sign(f"TC3{secret_key}".encode(), date), service), "tc3_request")
    return hmac.new(key, string_to_sign.encode(), hashlib.sha256).hexdigest()


class TencentSmsBackend:
    host = "sms.tencentcloudapi.com"
    service = "sms"
    action = "SendSms"
    version = "2021-01-11"
    content_type = "application/json; charset=utf-8"

    def __init__(self, config: dict, *, transport=http_send, clock=time.time):
        self.config, self.transport, self.clock = config, transport, clock

    def build_request(self, *, phone: str, params: list[str], reference: str,
                      template_id: str | None = None) -> HttpRequest:
        payload = json.dumps({
            "PhoneNumberSet": [phone if phone.startswith("+") else f"+86{phone}"],
            "SmsSdkAppId": self.config["tencent_sdk_app_id"],
            "SignName": self.config["sign_name"],
            "TemplateId": template_id or self.config["template_id"],
            "TemplateParamSet": params,
            "SessionContext": reference,
        }, ensure_ascii=False, separators=(",", ":"))
        timestamp = int(self.clock())
        signed_headers = "content-type;host;x-tc-action"
        canonical_request = "\n".join([
            "POST", "/", "",
            f"content-type:{self.content_type}\nhost:{self.host}\n"
            f"x-tc-action:{self.action.lower()}\n",
            signed_headers, hashlib.sha256(payload.encode()).hexdigest()])
        signature = tc3_signature(secret_key=self.config["tencent_secret_key"],
                                  service=self.service, timestamp=timestamp,
                                  canonical_request=canonical_request)
        date = datetime.datetime.fromtimestamp(timestamp, tz=datetime.UTC).strftime("%Y-%m-%d")
        authorization = (
            f"TC3-HMAC-SHA256 Credential={self.config['tencent_secret_id']}/{date}/"
            f"{self.service}/tc3_request, SignedHeaders={signed_headers}, Signature={signature}")
        return HttpRequest(method="POST", url=f"https://{self.host}/", headers={
            "Authorization": authorization,
            "Content-Type": self.content_type,
            "Host": self.host,
            "X-TC-Action": self.action,
            "X-TC-Timestamp": str(timestamp),
            "X-TC-Version": self.version,
            "X-TC-Region": self.config["tencent_region"],
        }, body=payload.encode())

    def send_sms(self, *, phone: str, params: list[str], reference: str,
                 template_id: str | None = None) -> str:
        """`template_id`: another of the account's approved templates (a verification code's)
        instead of the notifications' own."""
        status, body = self.transport(self.build_request(phone=phone, params=params,
                                                         reference=reference,
                                                         template_id=template_id))
        try:
            response = json.loads(body)["Response"]
        except (ValueError, KeyError):
            raise DeliveryError(f"tencent: HTTP {status}") from None
        if "Error" in response:
            code = response["Error"].get("Code", "")
            raise DeliveryError(f"tencent: {code} {response['Error'].get('Message', '')}",
                                retryable=code.startswith(("InternalError", "RequestLimit")))
        result = (response.get("SendStatusSet") or [{}])[0]
        if result.get("Code") != "Ok":
            raise DeliveryError(f"tencent: {result.get('Code')} {result.get('Message', '')}",
                                retryable=False)
        return result.get("SerialNo", "")


def aliyun_percent_encode(value: str) -> str:
    """RFC 3986 encoding as Aliyun's RPC signature wants it (space %20, * %2A, ~ kept)."""
    return quote(value, safe="~")


def aliyun_signature(*, method: str, params: dict, secret: str) -> str:
    """Aliyun RPC signature V1: HMAC-SHA1 over METHOD&%2F&<encoded sorted query>."""
    canonical = "&".join(f"{aliyun_percent_encode(key)}={aliyun_percent_encode(value)}"
                         for key, value in sorted(params.items()))
    string_to_sign = f"{method}&{aliyun_percent_encode('/')}&{aliyun_percent_encode(canonical)}"
    digest = hmac.new(f"{secret}&".encode(), string_to_sign.encode(), hashlib.sha1).digest()
    return base64.b64encode(digest).decode()


class AliyunSmsBackend:
    endpoint = "https://dysmsapi.aliyuncs.com/"

    def __init__(self, config: dict, *, transport=http_send, clock=time.time,
                 nonce=lambda: uuid.uuid4().hex):
        self.config, self.transport, self.clock, self.nonce = config, transport, clock, nonce

    def build_request(self, *, phone: str, params: list[str], reference: str,
                      template_id: str | None = None) -> HttpRequest:
        timestamp = datetime.datetime.fromtimestamp(int(self.clock()), tz=datetime.UTC)
        query = {
            "AccessKeyId": self.config["aliyun_access_key_id"],
            "Action": "SendSms",
            "Format": "JSON",
            "OutId": reference,
            "PhoneNumbers": phone.removeprefix("+86"),
            "RegionId": "cn-hangzhou",
            "SignName": self.config["sign_name"],
            "SignatureMethod": "HMAC-SHA1",
            "SignatureNonce": self.nonce(),
            "SignatureVersion": "1.0",
            "TemplateCode": template_id or self.config["template_id"],
            # The template's variables are named p1, p2 ... in the order of `params`.
            "TemplateParam": json.dumps({f"p{i}": value for i, value in enumerate(params, 1)},
                                        ensure_ascii=False, separators=(",", ":")),
            "Timestamp": timestamp.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "Version": "2017-05-25",
        }
        query["Signature"] = aliyun_signature(
            method="POST", params=query, secret=self.config["aliyun_access_key_secret"])
        return HttpRequest(method="POST", url=self.endpoint,
                           headers={"Content-Type": "application/x-www-form-urlencoded"},
                           body=urlencode(query, quote_via=quote).encode())

    def send_sms(self, *, phone: str, params: list[str], reference: str,
                 template_id: str | None = None) -> str:
        """`template_id`: another of the account's approved templates (a verification code's)
        instead of the notifications' own."""
        status, body = self.transport(self.build_request(phone=phone, params=params,
                                                         reference=reference,
                                                         template_id=template_id))
        try:
            response = json.loads(body)
        except ValueError:
            raise DeliveryError(f"aliyun: HTTP {status}") from None
        if response.get("Code") != "OK":
            code = response.get("Code", "")
            raise DeliveryError(f"aliyun: {code} {response.get('Message', '')}",
                                retryable=code in {"isv.BUSINESS_LIMIT_CONTROL",
                                                   "Throttling.User", "InternalError"})
        return response.get("BizId", "")


# ---- WeChat Official Account template messages ---------------------------------------------

class LocalWeChatBackend(_LocalBackend):
    channel = "wechat"

    def send_template(self, *, openid: str, data: dict, url: str, reference: str) -> str:
        return self._deliver({"to": openid, "data": data, "url": url, "reference": reference,
                              "template_id": settings.NOTIFICATIONS_WECHAT["template_id"]})


class OfficialAccountBackend:
    api = "https://api.weixin.qq.com"
    # WeChat invalidates a token early sometimes; refresh five minutes before it says.
    token_margin = 300

    def __init__(self, config: dict, *, transport=http_send, token_cache=None):
        self.config, self.transport = config, transport
        self.token_cache = token_cache if token_cache is not None else cache

    def token_request(self) -> HttpRequest:
        return HttpRequest(method="POST", url=f"{self.api}/cgi-bin/stable_token",
                           headers={"Content-Type": "application/json"},
                           body=json.dumps({"grant_type": "client_credential",
                                            "appid": self.config["app_id"],
                                            "secret": self.config["app_secret"],
                                            "force_refresh": False}).encode())

    def access_token(self) -> str:
        key = f"wechat-token:{self.config['app_id']}"
        token = self.token_cache.get(key)
        if token:
            return token
        status, body = self.transport(self.token_request())
        response = json.loads(body or b"{}")
        if "access_token" not in response:
            raise DeliveryError(f"wechat token: {response.get('errcode')} "
                                f"{response.get('errmsg', '')} (HTTP {status})")
        ttl = max(int(response.get("expires_in", 7200)) - self.token_margin, 60)
        self.token_cache.set(key, response["access_token"], ttl)
        return response["access_token"]

    def build_request(self, *, token: str, openid: str, data: dict, url: str,
                      reference: str) -> HttpRequest:
        body = {"touser": openid, "template_id": self.config["template_id"],
                "url": url, "client_msg_id": reference,
                "data": {key: {"value": value} for key, value in data.items()}}
        return HttpRequest(
            method="POST", url=f"{self.api}/cgi-bin/message/template/send?access_token={token}",
            headers={"Content-Type": "application/json; charset=utf-8"},
            body=json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode())

    def send_template(self, *, openid: str, data: dict, url: str, reference: str) -> str:
        request = self.build_request(token=self.access_token(), openid=openid, data=data,
                                     url=url, reference=reference)
        status, body = self.transport(request)
        response = json.loads(body or b"{}")
        code = response.get("errcode", -1)
        if code in (40001, 40014, 42001):  # the token expired or was replaced: fetch anew
            self.token_cache.delete(f"wechat-token:{self.config['app_id']}")
        if code != 0:
            raise DeliveryError(f"wechat: {code} {response.get('errmsg', '')} (HTTP {status})",
                                retryable=code in (-1, 40001, 40014, 42001, 45009))
        return str(response.get("msgid", ""))


def sms_backend():
    name = settings.NOTIFICATIONS_SMS_BACKEND
    if name == "tencent":
        return TencentSmsBackend(settings.NOTIFICATIONS_SMS)
    if name == "aliyun":
        return AliyunSmsBackend(settings.NOTIFICATIONS_SMS)
    if name in {"console", "file", "locmem"}:
        return LocalSmsBackend(name)
    raise ValueError(f"unknown SMS backend {name!r}")


def wechat_backend():
    name = settings.NOTIFICATIONS_WECHAT_BACKEND
    if name == "official_account":
        return OfficialAccountBackend(settings.NOTIFICATIONS_WECHAT)
    if name in {"console", "file", "locmem"}:
        return LocalWeChatBackend(name)
    raise ValueError(f"unknown WeChat backend {name!r}")
