# ruff: noqa: RUF001 — the schema descriptions hold Chinese text with its full-width punctuation
"""What the API reads and writes. Descriptions carry both languages where the schema shows them."""

from __future__ import annotations

from rest_framework import serializers

from evaluations.models import Scorecard, ScorecardLine, Target
from incentives.models import Payout, Statement
from partners.imports.columns import COLUMNS
from partners.models import ChannelType, Partner, Region, SalesRecord, Tier
from training.models import Certification

MAX_ITEMS = 5000


def both(english: str, chinese: str) -> str:
    """A schema description in English and Simplified Chinese."""
    return f"{english}\n\n{chinese}"


class PartnerSerializer(serializers.ModelSerializer):
    tier = serializers.SlugRelatedField(
        slug_field="name",
        queryset=Tier.objects.all(),
        allow_null=True,
        required=False,
        help_text=both("Tier name.", "等级名称。"),
    )
    region = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Region.objects.all(),
        allow_null=True,
        required=False,
        help_text=both("Administrative code of the region (GB/T 2260).", "区域的行政区划代码（GB/T 2260）。"),
    )
    channel_type = serializers.ChoiceField(choices=ChannelType.choices)
    status = serializers.CharField(
        read_only=True, help_text=both("Changed in the internal pages only.", "仅在内部页面中变更。")
    )

    class Meta:
        model = Partner
        fields = [
            "code",
            "name",
            "legal_name",
            "credit_code",
            "channel_type",
            "tier",
            "region",
            "status",
            "joined_on",
            "updated_at",
        ]
        read_only_fields = ["status", "updated_at"]


class SalesRecordSerializer(serializers.ModelSerializer):
    partner_code = serializers.CharField(source="partner.code", read_only=True)
    category = serializers.CharField(source="category.code", read_only=True)

    class Meta:
        model = SalesRecord
        fields = [
            "id",
            "partner_code",
            "date",
            "amount",
            "quantity",
            "category",
            "new_customers",
            "external_ref",
            "source",
            "created_at",
        ]
        read_only_fields = fields


class SalesItemSerializer(serializers.Serializer):
    """For the schema only: items are checked by the sales import's row rule (partners/imports/rows.py)."""

    partner_code = serializers.CharField(help_text=both("The partner's code, e.g. P0001.", "伙伴编码，例如 P0001。"))
    date = serializers.DateField(help_text=both("The sale's date, YYYY-MM-DD.", "销售日期，格式 YYYY-MM-DD。"))
    amount = serializers.DecimalField(
        max_digits=14,
        decimal_places=2,
        coerce_to_string=True,
        help_text=both("≥ 0, at most 2 decimals; best sent as a string.", "金额 ≥ 0，最多两位小数；建议以字符串发送。"),
    )
    quantity = serializers.IntegerField(required=False, min_value=0)
    category = serializers.CharField(help_text=both("A product category's code or name.", "产品类别的编码或名称。"))
    new_customers = serializers.IntegerField(required=False, min_value=0)
    external_ref = serializers.CharField(
        max_length=64,
        help_text=both(
            "Your reference of the line, unique per partner: sending it again updates the record, never duplicates it.",
            "外部单号，每个伙伴内唯一：再次发送会更新该记录，不会重复。",
        ),
    )
    product_code = serializers.CharField(
        required=False,
        max_length=30,
        help_text=both("The product's code in the catalogue.", "产品目录中的产品编码。"),
    )
    unit_price = serializers.DecimalField(
        max_digits=14,
        decimal_places=2,
        required=False,
        coerce_to_string=True,
        help_text=both("Price per unit, ≥ 0, at most 2 decimals.", "单价 ≥ 0，最多两位小数。"),
    )
    customer_region = serializers.CharField(
        required=False,
        help_text=both(
            "The end customer's province or city: its administrative code or name.",
            "终端客户所在省份或城市：行政区划代码或名称。",
        ),
    )


class SalesBatchSerializer(serializers.Serializer):
    items = serializers.ListField(
        child=serializers.JSONField(),
        min_length=1,
        max_length=MAX_ITEMS,
        help_text=both(
            f"1 to {MAX_ITEMS} sales items, each an object with the sales file's columns ({', '.join(COLUMNS)}).",
            f"1 至 {MAX_ITEMS} 条销售记录，每条为一个对象，字段与销售文件的列相同。",
        ),
    )


class SalesBatchSchemaSerializer(serializers.Serializer):
    items = SalesItemSerializer(many=True)


class SalesBatchResultSerializer(serializers.Serializer):
    import_id = serializers.IntegerField()
    received = serializers.IntegerField()
    created = serializers.IntegerField()
    updated = serializers.IntegerField()
    unchanged = serializers.IntegerField()


class TargetSerializer(serializers.ModelSerializer):
    partner_code = serializers.CharField(source="partner.code", read_only=True)
    period = serializers.DateField(format="%Y-%m", help_text=both("The month, YYYY-MM.", "月份，YYYY-MM。"))

    class Meta:
        model = Target
        fields = ["id", "partner_code", "period", "amount", "updated_at"]


class ScorecardLineSerializer(serializers.ModelSerializer):
    class Meta:
        model = ScorecardLine
        fields = ["kind", "label", "raw_value", "points", "weight", "contribution", "zero_at", "full_at", "ceiling"]


class ScorecardSerializer(serializers.ModelSerializer):
    partner_code = serializers.CharField(source="partner.code", read_only=True)
    period = serializers.DateField(source="cycle.period", format="%Y-%m", read_only=True)
    lines = ScorecardLineSerializer(many=True, read_only=True)

    class Meta:
        model = Scorecard
        fields = [
            "id",
            "partner_code",
            "period",
            "total",
            "grade",
            "rank",
            "ranked_among",
            "sales",
            "target",
            "calculated_at",
            "lines",
        ]


class StatementSerializer(serializers.ModelSerializer):
    partner_code = serializers.CharField(source="partner.code", read_only=True)
    period = serializers.DateField(format="%Y-%m", read_only=True)
    payout_status = serializers.CharField(source="payout.status", read_only=True, default=None)

    class Meta:
        model = Statement
        fields = [
            "id",
            "partner_code",
            "period",
            "accrual_total",
            "adjustment_total",
            "carried_in",
            "payable",
            "carried_out",
            "payout_status",
            "calculated_at",
        ]


class PayoutSerializer(serializers.ModelSerializer):
    partner_code = serializers.CharField(source="partner.code", read_only=True)
    period = serializers.DateField(format="%Y-%m", read_only=True)
    statement = serializers.IntegerField(source="statement_id", read_only=True)

    class Meta:
        model = Payout
        fields = [
            "id",
            "partner_code",
            "period",
            "statement",
            "amount",
            "status",
            "settlement",
            "approved_at",
            "paid_on",
            "payment_reference",
        ]


class CertificationSerializer(serializers.ModelSerializer):
    partner_code = serializers.CharField(source="contact.partner.code", read_only=True)
    contact = serializers.CharField(source="contact.name", read_only=True)
    course = serializers.CharField(source="course.code", read_only=True)
    course_title = serializers.CharField(source="course.title", read_only=True)

    class Meta:
        model = Certification
        fields = [
            "id",
            "number",
            "partner_code",
            "contact",
            "course",
            "course_title",
            "issued_on",
            "renewed_on",
            "expires_on",
        ]
