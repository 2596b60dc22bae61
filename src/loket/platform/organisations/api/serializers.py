from rest_framework import serializers

from ..models import Department, Location, OpeningHours, Organisation


class OpeningHoursSerializer(serializers.ModelSerializer):
    class Meta:
        model = OpeningHours
        fields = ["weekday", "opens", "closes", "by_appointment_only"]


class LocationSerializer(serializers.ModelSerializer):
    organisation = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    opening_hours = OpeningHoursSerializer(many=True, read_only=True)
    departments = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)

    class Meta:
        model = Location
        fields = ["id", "organisation", "name", "kind", "street", "house_number", "postal_code", "city",
                  "latitude", "longitude", "phone", "accessibility", "departments", "opening_hours"]


class DepartmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Department
        fields = ["slug", "name", "description", "email", "phone"]


class OrganisationSerializer(serializers.ModelSerializer):
    parent = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    partners = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    departments = DepartmentSerializer(source="department_set", many=True, read_only=True)

    class Meta:
        model = Organisation
        fields = ["slug", "name", "kind", "parent", "partners", "country", "identifier", "email", "phone",
                  "website", "departments"]
