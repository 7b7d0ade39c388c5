from django.shortcuts import render
from django.utils.translation import get_language
from django.views.decorators.http import require_GET

from . import catalog


@require_GET
def sbi_search(request):
    """Find SBI codes by number or words. A full page without JavaScript, a list partial for htmx."""
    query = request.GET.get("q", "").strip()[:100]
    results = catalog.sbi_search(query, language=get_language() or "nl") if query else []
    context = {"query": query, "results": results, "language": get_language() or "nl"}
    template = "reference/_sbi_results.html" if request.htmx else "reference/sbi_search.html"
    return render(request, template, context)
