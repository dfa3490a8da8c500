"""The JSON API under /api/v1/: one NinjaAPI, one router per app, errors mapped in one place."""

from django.conf import settings
from django.http import Http404
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csp import csp_override
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.security import HttpBearer

from gongzhi.accounts.api import router as accounts_router
from gongzhi.accounts.selectors import password_is_expired
from gongzhi.accounts.services import PasswordChangeRequired, api_token_lookup
from gongzhi.audit.api import router as audit_router
from gongzhi.casework.api import router as casework_router
from gongzhi.cobuilding.api import router as cobuilding_router
from gongzhi.core.errors import DomainError
from gongzhi.deliberation.api import router as deliberation_router
from gongzhi.jobs.api import router as jobs_router
from gongzhi.notifications.api import router as notifications_router
from gongzhi.party.api import router as party_router
from gongzhi.people.api import router as people_router
from gongzhi.places.api import router as places_router
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


# The interactive docs (Swagger UI, served from the ninja package, no CDN) style themselves
# inline, so only that page relaxes style-src.
docs_csp = csp_override({**settings.SECURE_CSP,
                         "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
                         "img-src": [CSP.SELF, "data:"]})

api = NinjaAPI(
    title="共治 Gongzhi API",
    version="1.0.0",
    description="社区共建共治平台接口。用 POST /api/v1/auth/token 取得令牌，"
    "再以 `Authorization: Bearer <token>` 调用其他接口。",
    urls_namespace="api",
    auth=BearerToken(),
    openapi_url="/openapi.json",
    docs_url="/docs",
    docs_decorator=docs_csp,
)


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
    return problem(request, status=exc.status_code, code="http_error", message=str(exc))


api.add_router("/auth", accounts_router)
api.add_router("/places", places_router)
api.add_router("/people", people_router)
api.add_router("/audit", audit_router)
api.add_router("/notifications", notifications_router)
api.add_router("/jobs", jobs_router)
api.add_router("/deliberation", deliberation_router)
api.add_router("/cobuilding", cobuilding_router)
api.add_router("/casework", casework_router)
api.add_router("/party", party_router)
api.add_router("/workbench", workbench_router)
