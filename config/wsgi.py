import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")

application = get_wsgi_application()

# What a worker loads before and on its first request (Django, the apps and their models; the URLconf with every
# view and form: some 160,000 objects) lives as long as the worker. Loaded now and frozen, it is left out of the
# cyclic collector's full collections, which otherwise walk all of it: one paused a request of the dashboard for
# 130 ms about once in 200 requests (bench/README.md, "Load").
from django.urls import reverse  # noqa: E402  (after the setup above)

reverse("health")  # imports the URLconf and builds its maps
gc.freeze()
