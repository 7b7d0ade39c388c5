from . import urls_canvas, urls_merge, urls_plan

app_name = "businessmodel"

# The canvas, merging blind canvases into it, and the business plan each keep their own routes.
urlpatterns = [*urls_canvas.urlpatterns, *urls_merge.urlpatterns, *urls_plan.urlpatterns]
