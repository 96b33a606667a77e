"""Only the part setup.cfg cannot say: templates/ and migrations/ live at the top of the
checkout (DESIGN.md) and are installed inside the package, where registry.resource_dir()
finds them. Everything else is in setup.cfg."""
from setuptools import find_packages, setup

RESOURCES = {"registry._resources.templates": "templates", "registry._resources.migrations": "migrations"}

setup(
    packages=find_packages(include=["registry", "registry.*"]) + list(RESOURCES),
    package_dir=RESOURCES,
)
