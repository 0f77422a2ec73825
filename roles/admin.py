from django.contrib import admin
from django.db.models import Count

from .models import (
    Course,
    CourseSkill,
    Figure,
    Requirement,
    Responsibility,
    Role,
    Skill,
    SkillLevel,
)


class SkillLevelInline(admin.TabularInline):
    model = SkillLevel
    extra = 0
    max_num = 6


@admin.register(Skill)
class SkillAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "slug"]
    list_filter = ["kind"]
    search_fields = ["name", "slug", "description"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [SkillLevelInline]


class RequirementInline(admin.TabularInline):
    model = Requirement
    extra = 0
    autocomplete_fields = ["skill"]


class ResponsibilityInline(admin.TabularInline):
    model = Responsibility
    extra = 0


class FigureInline(admin.StackedInline):
    model = Figure
    extra = 0


@admin.register(Role)
class RoleAdmin(admin.ModelAdmin):
    list_display = ["title", "slug", "is_published", "requirement_count"]
    list_filter = ["is_published"]
    search_fields = ["title", "summary"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["similar_roles"]
    inlines = [RequirementInline, ResponsibilityInline, FigureInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(requirement_count=Count("requirements"))

    @admin.display(description="requirements", ordering="requirement_count")
    def requirement_count(self, role):
        return role.requirement_count


@admin.register(Requirement)
class RequirementAdmin(admin.ModelAdmin):
    list_display = ["role", "skill", "level", "importance"]
    list_filter = ["role", "skill__kind", "level", "importance"]
    search_fields = ["skill__name", "role__title"]
    autocomplete_fields = ["skill"]
    list_select_related = ["role", "skill"]


class CourseSkillInline(admin.TabularInline):
    model = CourseSkill
    extra = 0
    autocomplete_fields = ["skill"]


@admin.register(Course)
class CourseAdmin(admin.ModelAdmin):
    list_display = ["title", "provider", "hours", "cost"]
    list_filter = ["provider"]
    search_fields = ["title", "provider", "description"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [CourseSkillInline]


@admin.register(Figure)
class FigureAdmin(admin.ModelAdmin):
    list_display = ["label", "value", "role", "kind", "source", "accessed"]
    list_filter = ["kind", "role"]
    search_fields = ["label", "source"]
    list_select_related = ["role"]
