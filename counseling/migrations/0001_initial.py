# The counselor's models, moved here from the assessments app. Their tables were created
# there (assessments 0001 and 0003) and keep their names, so this changes the state only.

import counseling.models
import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('assessments', '0004_counseling_models_move'),
        ('roles', '0002_content_editors_group'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='ActionItem',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('text', models.CharField(max_length=300)),
                        ('due', models.DateField(blank=True, null=True)),
                        ('done_at', models.DateTimeField(blank=True, null=True)),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
                        ('assessment', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='action_items', to='assessments.assessment')),
                        ('author', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='action_items_set', to=settings.AUTH_USER_MODEL)),
                        ('learner', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='action_items', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'assessments_actionitem',
                        'ordering': ['done_at', 'due', '-created_at'],
                    },
                ),
                migrations.CreateModel(
                    name='Invitation',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('token', models.CharField(default=counseling.models.new_invitation_token, max_length=64, unique=True)),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
                        ('expires_at', models.DateTimeField(default=counseling.models.invitation_expiry)),
                        ('revoked_at', models.DateTimeField(blank=True, null=True)),
                        ('counselor', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='invitations', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'assessments_invitation',
                        'ordering': ['-created_at'],
                    },
                ),
                migrations.CreateModel(
                    name='Note',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('kind', models.CharField(choices=[('feedback', 'Feedback to the learner'), ('private', 'Private note (counselors only)')], default='feedback', max_length=10)),
                        ('body', models.TextField(max_length=5000)),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
                        ('assessment', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='notes', to='assessments.assessment')),
                        ('author', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='notes_written', to=settings.AUTH_USER_MODEL)),
                        ('learner', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='notes_about', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'assessments_note',
                        'ordering': ['-created_at', '-id'],
                    },
                ),
                migrations.CreateModel(
                    name='Assignment',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
                        ('counselor', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='caseload_assignments', to=settings.AUTH_USER_MODEL)),
                        ('learner', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='counselor_assignments', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'assessments_assignment',
                        'ordering': ['-created_at'],
                        'constraints': [models.UniqueConstraint(fields=('counselor', 'learner'), name='assigned_once'), models.CheckConstraint(condition=models.Q(('counselor', models.F('learner')), _negated=True), name='not_own_counselor')],
                    },
                ),
                migrations.CreateModel(
                    name='CaseloadRow',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('name', models.CharField(blank=True, max_length=301)),
                        ('email', models.EmailField(blank=True, max_length=254)),
                        ('sort_name', models.CharField(max_length=301)),
                        ('role_title', models.CharField(blank=True, max_length=120)),
                        ('readiness', models.DecimalField(decimal_places=1, max_digits=4, null=True)),
                        ('trend', models.DecimalField(decimal_places=1, max_digits=4, null=True)),
                        ('top_gap', models.CharField(blank=True, max_length=120)),
                        ('last_activity', models.DateTimeField(null=True)),
                        ('open_items', models.PositiveIntegerField(default=0)),
                        ('no_result', models.BooleanField(default=False)),
                        ('no_trend', models.BooleanField(default=False)),
                        ('no_activity', models.BooleanField(default=False)),
                        ('assessment', models.ForeignKey(null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='assessments.assessment')),
                        ('counselor', models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('learner', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('role', models.ForeignKey(null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='roles.role')),
                    ],
                    options={
                        'db_table': 'assessments_caseloadrow',
                        'indexes': [models.Index(fields=['counselor', 'sort_name', 'learner_id', 'role_title', 'id'], name='caseload_name_asc'), models.Index(fields=['counselor', '-sort_name', 'learner_id', 'role_title', 'id'], name='caseload_name_desc'), models.Index(fields=['counselor', 'no_result', 'role_title', 'sort_name', 'learner_id', 'id'], name='caseload_role_asc'), models.Index(fields=['counselor', 'no_result', '-role_title', 'sort_name', 'learner_id', 'id'], name='caseload_role_desc'), models.Index(fields=['counselor', 'no_result', 'readiness', 'sort_name', 'learner_id', 'role_title', 'id'], name='caseload_readiness_asc'), models.Index(fields=['counselor', 'no_result', '-readiness', 'sort_name', 'learner_id', 'role_title', 'id'], name='caseload_readiness_desc'), models.Index(fields=['counselor', 'no_result', 'top_gap', 'sort_name', 'learner_id', 'role_title', 'id'], name='caseload_top_gap_asc'), models.Index(fields=['counselor', 'no_result', '-top_gap', 'sort_name', 'learner_id', 'role_title', 'id'], name='caseload_top_gap_desc'), models.Index(fields=['counselor', 'no_trend', 'trend', 'sort_name', 'learner_id', 'role_title', 'id'], name='caseload_trend_asc'), models.Index(fields=['counselor', 'no_trend', '-trend', 'sort_name', 'learner_id', 'role_title', 'id'], name='caseload_trend_desc'), models.Index(fields=['counselor', 'no_activity', 'last_activity', 'sort_name', 'learner_id', 'role_title', 'id'], name='caseload_activity_asc'), models.Index(fields=['counselor', 'no_activity', '-last_activity', 'sort_name', 'learner_id', 'role_title', 'id'], name='caseload_activity_desc'), models.Index(fields=['counselor', 'open_items', 'sort_name', 'learner_id', 'role_title', 'id'], name='caseload_open_items_asc'), models.Index(fields=['counselor', '-open_items', 'sort_name', 'learner_id', 'role_title', 'id'], name='caseload_open_items_desc')],
                        'constraints': [models.UniqueConstraint(fields=('counselor', 'learner', 'role'), name='one_caseload_row_per_role'), models.UniqueConstraint(condition=models.Q(('role__isnull', True)), fields=('counselor', 'learner'), name='one_caseload_row_without_result')],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
