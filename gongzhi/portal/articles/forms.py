"""The forms of the articles' back office: they parse input; the services validate and save."""

from django import forms
from django.utils.translation import gettext_lazy as _

from gongzhi.places.models import Street
from gongzhi.portal.articles.choices import ArticleKind

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"]


def place_key(place) -> str:
    return f"{'s' if isinstance(place, Street) else 'c'}{place.pk}"


def place_label(place) -> str:
    if isinstance(place, Street):
        return _("%(street)s（街道发布）") % {"street": place.name}
    return place.name


def _place_field(form, places) -> None:
    """Where the row belongs: one of the places the user writes for (asked only of one who
    writes for several)."""
    form.places = {place_key(p): p for p in places}
    form.fields["place"] = forms.ChoiceField(
        label=_("发布单位"), choices=[(place_key(p), place_label(p)) for p in places])
    form.order_fields(["place"])
    if len(places) == 1:
        form.fields["place"].widget = forms.HiddenInput()
        form.initial.setdefault("place", place_key(places[0]))


class ArticleForm(forms.Form):
    series = forms.TypedChoiceField(label=_("专栏"), coerce=int, required=False,
                                    empty_value=None)
    kind = forms.ChoiceField(label=_("类型"), choices=ArticleKind.choices)
    title = forms.CharField(label=_("标题"), max_length=100)
    summary = forms.CharField(label=_("摘要"), max_length=200, required=False,
                              help_text=_("留空则取正文开头。"))
    body_html = forms.CharField(
        label=_("正文"), widget=forms.Textarea(attrs={"rows": 14, "data-article-editor": ""}),
        help_text=_("可用工具栏设置加粗、标题、列表、引用、链接和图片；保存时会清除不安全的内容。"))
    publish_at = forms.DateTimeField(
        label=_("定时发布"), required=False, widget=DATETIME, input_formats=DATETIME_FORMATS,
        help_text=_("留空表示审核通过后立即发布。"))
    cover = forms.TypedChoiceField(label=_("封面图片"), coerce=int, required=False,
                                   empty_value=None)

    def __init__(self, *args, places=None, series=(), images=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.series_rows = {s.pk: s for s in series}
        self.fields["series"].choices = [("", _("— 不属于专栏 —")),
                                         *[(s.pk, s.title) for s in series]]
        if places is not None:  # a new article: where it belongs
            _place_field(self, places)
        if images is None:  # a new article has no images yet
            del self.fields["cover"]
        else:
            self.images = {image.pk: image for image in images}
            self.fields["cover"].choices = [("", _("— 无封面 —")),
                                            *[(i.pk, i.caption or i.image.name.rsplit("/", 1)[-1])
                                              for i in images]]

    @classmethod
    def of(cls, article, **kwargs):
        publish_at = article.publish_at
        return cls(initial={"series": article.series_id, "kind": article.kind,
                            "title": article.title, "summary": article.summary,
                            "body_html": article.body_html, "publish_at": publish_at,
                            "cover": article.cover_id}, **kwargs)

    def clean_series(self):
        value = self.cleaned_data.get("series")
        if value is not None and value not in self.series_rows:
            raise forms.ValidationError(_("请选择本街道或本社区的专栏。"))
        return self.series_rows.get(value)

    def clean_cover(self):
        value = self.cleaned_data.get("cover")
        return None if value is None else self.images.get(value)


class SeriesForm(forms.Form):
    title = forms.CharField(label=_("专栏名称"), max_length=64)
    description = forms.CharField(label=_("专栏简介"), required=False, max_length=1000,
                                  widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, places=None, **kwargs):
        super().__init__(*args, **kwargs)
        if places is not None:
            _place_field(self, places)

    @classmethod
    def of(cls, series):
        return cls(initial={"title": series.title, "description": series.description})


class PublishForm(forms.Form):
    publish_at = forms.DateTimeField(
        label=_("发布时间"), required=False, widget=DATETIME, input_formats=DATETIME_FORMATS,
        help_text=_("留空则按作者设定的时间；都未设定则立即发布。"))


class ReturnForm(forms.Form):
    note = forms.CharField(label=_("退回意见"), max_length=200)


class WithdrawForm(forms.Form):
    note = forms.CharField(label=_("撤回原因"), max_length=200, required=False)


class EmptyForm(forms.Form):
    """An action that needs no input (submit, redraft)."""


class ImageForm(forms.Form):
    image = forms.FileField(label=_("图片"))
    caption = forms.CharField(label=_("图片说明"), max_length=100, required=False)
