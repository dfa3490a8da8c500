"""The JSON API under /api/v1/: one NinjaAPI, one router per app, errors mapped in one place."""

import logging

from django.conf import settings
from django.http import Http404
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csp import csp_override
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.parser import Parser
from ninja.security import HttpBearer

from gongzhi.accounts.api import router as accounts_router
from gongzhi.accounts.selectors import password_is_expired
from gongzhi.accounts.services import PasswordChangeRequired, api_token_lookup
from gongzhi.activities.api import router as activities_router
from gongzhi.audit.api import router as audit_router
from gongzhi.care.api import router as care_router
from gongzhi.casework.api import router as casework_router
from gongzhi.cobuilding.api import router as cobuilding_router
from gongzhi.core.api_types import ERROR_STATUSES, Problem
from gongzhi.core.errors import DomainError
from gongzhi.deliberation.api import router as deliberation_router
from gongzhi.jobs.api import router as jobs_router
from gongzhi.notifications.api import router as notifications_router
from gongzhi.party.api import router as party_router
from gongzhi.people.api import router as people_router
from gongzhi.places.api import router as places_router
from gongzhi.portal.api import router as portal_router
from gongzhi.reports.api import router as reports_router
from gongzhi.workbench.api import router as workbench_router


class BearerToken(HttpBearer):
    def authenticate(self, request, token):
        found = api_token_lookup(raw=token)
        if found is None:
            return None
        user = found.user
        if password_is_expired(user):
            raise PasswordChangeRequired()
        request.user, request.api_token = user, found
        return user


def nul_character_errors(value, loc: tuple) -> list[dict]:
    """Where a NUL character hides in parsed input: PostgreSQL cannot store one in text, and no
    field of ours has a use for it."""
    if isinstance(value, str):
        return [{"type": "nul_character", "loc": loc, "msg": "NUL character"}] if "\x00" in value \
            else []
    if isinstance(value, dict):
        return [e for key, item in value.items()
                for e in nul_character_errors(key, loc) + nul_character_errors(item, (*loc, key))]
    if isinstance(value, list):
        return [e for index, item in enumerate(value)
                for e in nul_character_errors(item, (*loc, index))]
    return []


class BoundaryParser(Parser):
    """The default JSON and query parsing, refusing NUL characters anywhere in the input."""

    def parse_body(self, request):
        data = super().parse_body(request)
        if errors := nul_character_errors(data, ("body",)):
            raise NinjaValidationError(errors)
        return data

    def parse_querydict(self, data, list_fields, request):
        result = super().parse_querydict(data, list_fields, request)
        if errors := nul_character_errors(result, ("query",)):
            raise NinjaValidationError(errors)
        return result


class GongzhiAPI(NinjaAPI):
    def get_openapi_schema(self, *args, **kwargs):
        """Every operation documents the error statuses it may answer, with the problem body:
        401 where a token is needed, 409 on writes, the others everywhere."""
        schema = super().get_openapi_schema(*args, **kwargs)
        schema.setdefault("components", {}).setdefault("schemas", {})["Problem"] = \
            Problem.model_json_schema()
        problem_body = {"application/json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
        for path_item in schema["paths"].values():
            for method, operation in path_item.items():
                responses = operation.setdefault("responses", {})
                for status, description in ERROR_STATUSES.items():
                    if status == 401 and not operation.get("security"):
                        continue
                    if status == 409 and method == "get":
                        continue
                    responses.setdefault(status, {"description": description,
                                                  "content": problem_body})
        local_times(schema)
        return schema


LOCAL_TIME = {"type": "string",
              "pattern": r"^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\.[0-9]+)?)?$",
              "description": "HH:MM[:SS], local time (Asia/Shanghai)"}


def local_times(node) -> None:
    """Times of day are local wall-clock times ("22:00:00"); JSON Schema's "time" format means
    RFC 3339's, which needs an offset, so a client validating the schema would refuse ours."""
    if isinstance(node, dict):
        if node.get("format") == "time":
            del node["format"]
            node.update(LOCAL_TIME)
        for value in node.values():
            local_times(value)
    elif isinstance(node, list):
        for value in node:
            local_times(value)


# The interactive docs (Swagger UI, served from the ninja package, no CDN) style themselves
# inline, so only that page relaxes style-src.
docs_csp = csp_override({**settings.SECURE_CSP,
                         "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
                         "img-src": [CSP.SELF, "data:"]})

api = GongzhiAPI(
    title="共治 Gongzhi API",
    version="1.0.0",
    description="社区共建共治平台接口。用 POST /api/v1/auth/token 取得令牌，"
    "再以 `Authorization: Bearer <token>` 调用其他接口。",
    urls_namespace="api",
    auth=BearerToken(),
    openapi_url="/openapi.json",
    docs_url="/docs",
    docs_decorator=docs_csp,
    parser=BoundaryParser(),
)
logger = logging.getLogger("django.request")


def problem(request, *, status: int, code: str, message, detail=None):
    return api.create_response(
        request, {"code": code, "message": str(message), "detail": detail or {}}, status=status)


@api.exception_handler(DomainError)
def domain_error(request, exc: DomainError):
    return problem(request, status=exc.status, code=exc.code, message=exc.message,
                   detail=exc.detail)


@api.exception_handler(NinjaValidationError)
def validation_error(request, exc: NinjaValidationError):
    return problem(request, status=422, code="validation_failed",
                   message=_("输入有误，请按提示修改。"),
                   detail={"errors": exc.errors})


@api.exception_handler(AuthenticationError)
def authentication_error(request, exc):
    return problem(request, status=401, code="not_authenticated",
                   message=_("请先登录，或令牌已失效。"))


@api.exception_handler(Http404)
def not_found(request, exc):
    return problem(request, status=404, code="not_found",
                   message=_("找不到该记录，或您无权查看。"))


@api.exception_handler(HttpError)
def http_error(request, exc: HttpError):
    if isinstance(exc.__cause__, NinjaValidationError):  # the body parser's refusal, wrapped
        return validation_error(request, exc.__cause__)
    return problem(request, status=exc.status_code, code="http_error", message=str(exc))


@api.exception_handler(Exception)
def server_error(request, exc: Exception):
    """Anything unforeseen: logged with its traceback as Django logs a 500 (and mailed to the
    admins where that is set up), answered as a JSON problem, never an HTML page."""
    logger.error("Internal Server Error: %s", request.path, exc_info=exc,
                 extra={"status_code": 500, "request": request})
    return problem(request, status=500, code="server_error",
                   message=_("服务器出错了，请稍后再试；问题已记录。"))


api.add_router("/auth", accounts_router)
api.add_router("/places", places_router)
api.add_router("/people", people_router)
api.add_router("/audit", audit_router)
api.add_router("/notifications", notifications_router)
api.add_router("/jobs", jobs_router)
api.add_router("/deliberation", deliberation_router)
api.add_router("/cobuilding", cobuilding_router)
api.add_router("/casework", casework_router)
api.add_router("/activities", activities_router)
api.add_router("/party", party_router)
api.add_router("/care", care_router)
api.add_router("/portal", portal_router)
api.add_router("/reports", reports_router)
api.add_router("/workbench", workbench_router)
