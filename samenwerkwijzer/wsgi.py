import gc
import os
from importlib import import_module

from django.conf import settings
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samenwerkwijzer.settings")
application = get_wsgi_application()

# What is loaded now (Django, the apps, the URL patterns and every view module) lives as long as the
# process. Frozen, the garbage collector no longer walks it at each full collection: measured on the
# dashboard and four more pages, one full collection over about 200,000 such objects held a request up
# for 180 ms (docs/benchmarks.md).
import_module(settings.ROOT_URLCONF)
gc.collect()
gc.freeze()
