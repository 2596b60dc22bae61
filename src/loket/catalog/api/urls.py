from django.urls import path

from . import views

urlpatterns = [
    path("catalog/search", views.SearchView.as_view(), name="catalog-api-search"),
    path("catalog/products/<int:pk>", views.ProductView.as_view(), name="catalog-api-product"),
]
