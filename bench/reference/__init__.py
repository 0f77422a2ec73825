"""A vanilla Django project serving the two reference pages the app is measured against."""
