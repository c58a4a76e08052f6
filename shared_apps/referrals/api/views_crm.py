"""Member CRM for the distributor (DST-MEM-01/03), /api/v1/distributor/crm/…: referred tourists
(members) with spend and commission, tags, follow-up notes, reminders, CSV export. Only the
acting distributor's members; roles: crm.view / crm.edit (admin, agent), crm.export (admin)."""

from datetime import date

from django.http import HttpResponse
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response

from shared_apps.core.api_schema import errors as error_bodies
from shared_apps.core.failures import DomainError
from shared_apps.distribution.api.views_member import MemberView, paginated
from shared_apps.referrals import errors

from ..services import crm
from .responses import (
    CrmMemberDetailSerializer,
    MemberTagsSerializer,
    NoteSerializer,
    PaginatedCrmMembers,
    ReminderSerializer,
    TagCountSerializer,
    TagSerializer,
)

FILTERS = [OpenApiParameter(n, str) for n in ("tag", "spent_min", "spent_max", "inactive_since", "level")]


class NoteInputSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=1000, allow_blank=True)
    next_follow_up_on = serializers.DateField(required=False, allow_null=True)


class TagsInputSerializer(serializers.Serializer):
    tags = serializers.ListField(child=serializers.CharField(max_length=40, allow_blank=True), max_length=20)


class TagInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=40, allow_blank=True)
    color = serializers.RegexField(r"^(#[0-9a-fA-F]{6})?$", required=False, allow_blank=True, default="")


class CrmView(MemberView):
    permission = "crm.view"
    write_permission = "crm.edit"


class MembersView(CrmView):
    @extend_schema(operation_id="distributor_crm_members_list", parameters=FILTERS, responses=PaginatedCrmMembers)
    def get(self, request):
        qs = crm.filtered(self.distributor.pk, crm.parse_filters(request.query_params))
        response = paginated(request, self, qs, lambda b: b)
        response.data["results"] = crm.rows(self.distributor.pk, response.data["results"])
        return response


class MembersExportView(CrmView):
    permission = "crm.export"

    @extend_schema(parameters=FILTERS, responses={(200, "text/csv"): str})
    def get(self, request):
        body = crm.export_csv(self.distributor.pk, crm.parse_filters(request.query_params))
        response = HttpResponse(body, content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="members-{timezone.localdate():%Y%m%d}.csv"'
        return response


class MemberDetailView(CrmView):
    @extend_schema(responses={200: CrmMemberDetailSerializer, **error_bodies(404)})
    def get(self, request, pk: int):
        return Response(crm.member_detail(self.distributor.pk, pk))


class MemberTagsView(CrmView):
    permission = "crm.edit"

    @extend_schema(request=TagsInputSerializer, responses={200: MemberTagsSerializer, **error_bodies(400, 404)})
    def put(self, request, pk: int):
        ser = TagsInputSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        tags = crm.set_tags(distributor_id=self.distributor.pk, binding_id=pk, names=ser.validated_data["tags"],
                            user=request.user)
        return Response({"member_id": pk, "tags": tags})


class MemberNotesView(CrmView):
    @extend_schema(responses={200: NoteSerializer(many=True), **error_bodies(404)})
    def get(self, request, pk: int):
        member = crm.get_member(self.distributor.pk, pk)
        return Response([crm.note_payload(n) for n in member.notes.all()])

    @extend_schema(request=NoteInputSerializer, responses={201: NoteSerializer, **error_bodies(400, 404)})
    def post(self, request, pk: int):
        ser = NoteInputSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        note = crm.add_note(distributor_id=self.distributor.pk, binding_id=pk, user=request.user,
                            text=ser.validated_data["text"],
                            next_follow_up_on=ser.validated_data.get("next_follow_up_on"))
        return Response(crm.note_payload(note), status=status.HTTP_201_CREATED)


class NoteDoneView(CrmView):
    permission = "crm.edit"

    @extend_schema(request=None, responses={200: NoteSerializer, **error_bodies(404, 409)})
    def post(self, request, pk: int):
        return Response(crm.note_payload(crm.complete_follow_up(distributor_id=self.distributor.pk, note_id=pk,
                                                                user=request.user)))


class TagsView(CrmView):
    @extend_schema(responses=TagCountSerializer(many=True))
    def get(self, request):
        return Response(crm.tags_of(self.distributor.pk))

    @extend_schema(request=TagInputSerializer, responses={201: TagSerializer, **error_bodies(400, 409)})
    def post(self, request):
        ser = TagInputSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        tag = crm.create_tag(distributor_id=self.distributor.pk, **ser.validated_data)
        return Response({"id": tag.pk, "name": tag.name, "color": tag.color}, status=status.HTTP_201_CREATED)


class TagDetailView(CrmView):
    permission = "crm.edit"

    @extend_schema(responses={204: None})
    def delete(self, request, pk: int):
        crm.delete_tag(distributor_id=self.distributor.pk, tag_id=pk)
        return Response(status=status.HTTP_204_NO_CONTENT)


class RemindersView(CrmView):
    @extend_schema(parameters=[OpenApiParameter("day", str)],
                   responses={200: ReminderSerializer(many=True), **error_bodies(400)})
    def get(self, request):
        try:
            day = date.fromisoformat(request.query_params["day"]) if request.query_params.get("day") else None
        except ValueError:
            raise DomainError(errors.DATE_INVALID, name="day") from None
        return Response(crm.reminders(self.distributor.pk, day))
