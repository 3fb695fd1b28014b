# ruff: noqa: RUF001 — the schema descriptions hold Chinese text with its full-width punctuation
"""The REST API's endpoints under /api/v1/. Thin: each reads through an app's selector or access function
(which scopes a partner token to its partner exactly as it scopes a portal user) or calls one service."""

from __future__ import annotations

import hashlib
import json

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.response import Response

from api import filters, serializers
from api.errors import Conflict, Rejected
from api.models import ApiToken
from api.serializers import both
from api.services import IdempotencyConflict, idempotency_claim, idempotency_store
from common.access import is_internal_user, partner_of
from evaluations.access import scorecards_for
from evaluations.models import EvaluationCycle, Target
from incentives.access import RELEASED_STATUSES
from incentives.selectors import payouts_for, statements_for
from partners import services as partner_services
from partners.access import owned_by_visible_partner, partners_visible_to
from partners.imports.services import ImportInProgress, sales_records_push
from partners.selectors import sales_records_for
from training.access import certifications_visible_to

IDEMPOTENCY_HEADER = OpenApiParameter(
    "Idempotency-Key",
    str,
    OpenApiParameter.HEADER,
    required=False,
    description=both(
        "Send a write again with the same key and you get the first answer back instead of a second write "
        "(kept per token).",
        "使用相同的键重复发送写请求时，返回第一次的结果，而不会再次写入（按令牌保存）。",
    ),
)


def label_of(request) -> str:
    """How a write is signed in history: the token's name, or the session user."""
    if isinstance(request.auth, ApiToken):
        return f"API · {request.auth.name}"
    return f"API · {request.user.get_username()}"


def acting_user(request):
    """The real user behind a request, for history: a partner token's maker, else the request's user."""
    if isinstance(request.auth, ApiToken) and request.auth.is_partner_token:
        return request.auth.created_by
    return request.user


def idempotent(method):
    """Honour `Idempotency-Key` on a write: the first answer under a key is kept and given again."""

    def wrapper(self, request, *args, **kwargs):
        key = request.headers.get("Idempotency-Key", "").strip()
        if not key:
            return method(self, request, *args, **kwargs)
        if len(key) > 255:
            raise ValidationError({"Idempotency-Key": [_("At most 255 characters.")]})
        owner = f"token:{request.auth.pk}" if isinstance(request.auth, ApiToken) else f"user:{request.user.pk}"
        payload = json.dumps([request.method, request.path, request.data], sort_keys=True, default=str)
        try:
            stored = idempotency_claim(
                owner=owner, key=key, request_digest=hashlib.sha256(payload.encode()).hexdigest()
            )
        except IdempotencyConflict as conflict:
            if conflict.reason == "in_progress":
                raise Conflict(_("A request with this Idempotency-Key is still being processed.")) from None
            raise Conflict(_("This Idempotency-Key was used for a different request.")) from None
        if stored is not None:
            response = Response(stored.body, status=stored.status_code)
            response["Idempotent-Replayed"] = "true"
            return response
        try:
            response = method(self, request, *args, **kwargs)
        except Exception as exc:
            status_code = getattr(exc, "status_code", 500)
            if status_code >= 500:
                idempotency_store(owner=owner, key=key, status_code=500, body=None)
            else:
                response = self.handle_exception(exc)
                idempotency_store(owner=owner, key=key, status_code=response.status_code, body=response.data)
                return response
            raise
        idempotency_store(owner=owner, key=key, status_code=response.status_code, body=response.data)
        return response

    wrapper.__name__ = method.__name__
    wrapper.__doc__ = method.__doc__
    return wrapper


class InternalWrites(permissions.BasePermission):
    """Reads for anyone the queryset lets see; writes only for internal users holding the model's permission."""

    def has_permission(self, request, view):
        if request.method in permissions.SAFE_METHODS:
            return True
        if (view.lookup_url_kwarg or view.lookup_field) in view.kwargs:
            return True  # a row's URL: decided once the row is found among what the user may see (else 404)
        return self._may_write(request, view)

    def has_object_permission(self, request, view, obj):
        return request.method in permissions.SAFE_METHODS or self._may_write(request, view)

    @staticmethod
    def _may_write(request, view) -> bool:
        perm = view.write_permissions.get(request.method)
        return is_internal_user(request.user) and perm is not None and request.user.has_perm(perm)


class ReadOnly(viewsets.ReadOnlyModelViewSet):
    filter_backends = [DjangoFilterBackend]
    filterset_class = filters.PeriodPartnerFilter


@extend_schema_view(
    list=extend_schema(summary="Partners · 伙伴列表", description=both("Partners you may see.", "您可查看的伙伴。")),
    retrieve=extend_schema(summary="One partner · 伙伴详情"),
    create=extend_schema(summary="Register a partner · 新建伙伴", parameters=[IDEMPOTENCY_HEADER]),
    partial_update=extend_schema(summary="Change a partner · 修改伙伴", parameters=[IDEMPOTENCY_HEADER]),
    update=extend_schema(summary="Replace a partner's data · 更新伙伴", parameters=[IDEMPOTENCY_HEADER]),
)
class PartnerViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = serializers.PartnerSerializer
    lookup_field = "code"
    permission_classes = [permissions.IsAuthenticated, InternalWrites]
    write_permissions = {
        "POST": "partners.add_partner",
        "PUT": "partners.change_partner",
        "PATCH": "partners.change_partner",
    }
    filter_backends = [DjangoFilterBackend]
    filterset_class = filters.PartnerFilter

    def get_queryset(self):
        return partners_visible_to(self.request.user).select_related("tier", "region")

    @idempotent
    def create(self, request, *args, **kwargs):
        return super().create(request, *args, **kwargs)

    @idempotent
    def update(self, request, *args, **kwargs):
        return super().update(request, *args, **kwargs)

    def perform_create(self, serializer):
        serializer.instance = self._call(
            lambda: partner_services.partner_create(
                data=dict(serializer.validated_data), by=self.request.user, history_reason=label_of(self.request)
            )
        )

    def perform_update(self, serializer):
        serializer.instance = self._call(
            lambda: partner_services.partner_update(
                partner=serializer.instance,
                data=dict(serializer.validated_data),
                by=self.request.user,
                history_reason=label_of(self.request),
            )
        )

    @staticmethod
    def _call(write):
        try:
            return write()
        except DjangoValidationError as exc:
            raise ValidationError(
                exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
            ) from exc


@extend_schema_view(
    list=extend_schema(
        summary="Sales records · 销售记录",
        description=both("Sales records one by one, newest first.", "逐条销售记录，最新的在前。"),
    ),
    retrieve=extend_schema(summary="One sales record · 单条销售记录"),
)
class SalesRecordViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = serializers.SalesRecordSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = filters.SalesFilter

    def get_queryset(self):
        return sales_records_for(user=self.request.user)

    @extend_schema(
        summary="Report sales · 上报销售",
        description=both(
            "Up to 5,000 sales items in one request, checked by the same rules as the sales file import: all "
            "are written or, when any item is wrong, none, and each wrong item is named (`item` counts from 1). "
            "Items are upserted on (partner, external_ref), so sending a batch again creates no duplicates. A "
            "partner token may send its own partner's sales only.",
            "一次最多 5,000 条销售记录，校验规则与销售文件导入相同：全部写入，或只要有一条错误就全部不写入，并指出每条错误"
            "（`item` 从 1 开始计数）。按（伙伴，外部单号）更新或新增，重复发送不会产生重复记录。伙伴令牌只能上报本伙伴的销售。",
        ),
        request=serializers.SalesBatchSchemaSerializer,
        parameters=[IDEMPOTENCY_HEADER],
        responses={
            201: serializers.SalesBatchResultSerializer,
            400: OpenApiResponse(
                description=both("Nothing was written; see `errors`.", "未写入任何记录；见 `errors`。")
            ),
            409: OpenApiResponse(description=both("The same batch is being written.", "相同的批次正在写入。")),
        },
    )
    @idempotent
    def create(self, request, *args, **kwargs):
        partner = partner_of(request.user)
        if partner is None and not request.user.has_perm("partners.add_salesrecord"):
            raise PermissionDenied(_("You may not report sales."))
        batch = serializers.SalesBatchSerializer(data=request.data)
        batch.is_valid(raise_exception=True)
        items = batch.validated_data["items"]
        try:
            record = sales_records_push(items=items, by=acting_user(request), partner=partner, label=label_of(request))
        except ImportInProgress:
            raise Conflict(_("The same batch is being written by another request; try again shortly.")) from None
        if record.status != record.Status.IMPORTED:
            raise Rejected(
                [
                    {"item": error["row"], "field": error["column"], "code": error["code"], "message": message}
                    for error, message in zip(record.errors, _messages(record.errors), strict=True)
                ]
            )
        body = {
            "import_id": record.pk,
            "received": record.rows_total,
            "created": record.rows_new,
            "updated": record.rows_updated,
            "unchanged": record.rows_unchanged,
        }
        return Response(body, status=status.HTTP_201_CREATED)


def _messages(errors: list[dict]) -> list[str]:
    from common.imports.errors import RowError

    return [RowError.from_dict(error).message for error in errors]


@extend_schema_view(
    list=extend_schema(summary="Sales targets · 销售目标"), retrieve=extend_schema(summary="One target · 单个目标")
)
class TargetViewSet(ReadOnly):
    serializer_class = serializers.TargetSerializer

    def get_queryset(self):
        targets = Target.objects.select_related("partner")
        return owned_by_visible_partner(targets, self.request.user, perm="evaluations.view_target")


@extend_schema_view(
    list=extend_schema(
        summary="Published scorecards · 已发布评分卡",
        description=both(
            "Scorecards of published cycles, with their KPI lines.", "已发布评估周期的评分卡及其各项 KPI。"
        ),
    ),
    retrieve=extend_schema(summary="One scorecard · 评分卡详情"),
)
class ScorecardViewSet(ReadOnly):
    serializer_class = serializers.ScorecardSerializer
    filterset_class = filters.ScorecardFilter

    def get_queryset(self):
        return (
            scorecards_for(user=self.request.user)
            .filter(cycle__status=EvaluationCycle.Status.PUBLISHED)
            .prefetch_related("lines")
        )


@extend_schema_view(
    list=extend_schema(
        summary="Statements · 结算单",
        description=both("Partners see a statement once Finance approved it.", "伙伴在财务审批后才能看到结算单。"),
    ),
    retrieve=extend_schema(summary="One statement · 结算单详情"),
)
class StatementViewSet(ReadOnly):
    serializer_class = serializers.StatementSerializer

    def get_queryset(self):
        statements = statements_for(user=self.request.user)
        if not is_internal_user(self.request.user):
            statements = statements.filter(payout__status__in=RELEASED_STATUSES)
        return statements


@extend_schema_view(
    list=extend_schema(summary="Payouts · 付款"), retrieve=extend_schema(summary="One payout · 付款详情")
)
class PayoutViewSet(ReadOnly):
    serializer_class = serializers.PayoutSerializer

    def get_queryset(self):
        payouts = payouts_for(user=self.request.user)
        if not is_internal_user(self.request.user):
            payouts = payouts.filter(status__in=RELEASED_STATUSES)
        return payouts


@extend_schema_view(
    list=extend_schema(summary="Certifications · 认证证书"),
    retrieve=extend_schema(summary="One certification · 证书详情"),
)
class CertificationViewSet(ReadOnly):
    serializer_class = serializers.CertificationSerializer
    filterset_class = filters.CertificationFilter

    def get_queryset(self):
        return certifications_visible_to(self.request.user).select_related("contact__partner", "course")
