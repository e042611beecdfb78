"""``{% ita_pdf_available as pdf_ok %}``: whether the site can make PDF files."""

from django import template

register = template.Library()


@register.simple_tag
def ita_pdf_available():
    from ita_wagtail.pdf.rendering import pdf_available

    return pdf_available()[0]
