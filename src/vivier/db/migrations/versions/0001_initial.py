"""initial schema and reference data

Revision ID: 0001
Revises: 
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import vivier.db.base
from vivier.reference import data


revision: str = '0001'
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('activities',
    sa.Column('id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('label_fr', sa.String(length=255), nullable=False),
    sa.Column('label_en', sa.String(length=255), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_activities'))
    )
    op.create_table('channels',
    sa.Column('id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('label_fr', sa.String(length=255), nullable=False),
    sa.Column('label_en', sa.String(length=255), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_channels'))
    )
    op.create_table('contract_types',
    sa.Column('id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('label_fr', sa.String(length=255), nullable=False),
    sa.Column('label_en', sa.String(length=255), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_contract_types'))
    )
    op.create_table('education_levels',
    sa.Column('id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('label_fr', sa.String(length=255), nullable=False),
    sa.Column('label_en', sa.String(length=255), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_education_levels'))
    )
    op.create_table('rate_windows',
    sa.Column('key', sa.String(length=100), nullable=False),
    sa.Column('until', vivier.db.base.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_rate_windows'))
    )
    op.create_table('sources',
    sa.Column('id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('label', sa.String(length=255), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sources'))
    )
    op.create_table('users',
    sa.Column('email', sa.String(length=255), nullable=False),
    sa.Column('password_hash', sa.String(length=255), nullable=True),
    sa.Column('firstname', sa.String(length=255), nullable=False),
    sa.Column('lastname', sa.String(length=255), nullable=False),
    sa.Column('phone', sa.String(length=50), nullable=True),
    sa.Column('use_email', sa.Boolean(), nullable=False),
    sa.Column('status', sa.Integer(), nullable=False),
    sa.Column('language', sa.String(length=10), nullable=False),
    sa.Column('timezone', sa.String(length=64), nullable=False),
    sa.Column('picture', sa.String(length=500), nullable=True),
    sa.Column('last_login', vivier.db.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('public_id', sa.String(length=16), nullable=False),
    sa.Column('created_at', vivier.db.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', vivier.db.base.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_users')),
    sa.UniqueConstraint('email', name=op.f('uq_users_email')),
    sa.UniqueConstraint('public_id', name=op.f('uq_users_public_id'))
    )
    op.create_table('companies',
    sa.Column('name', sa.String(length=255), nullable=False),
    sa.Column('slug', sa.String(length=100), nullable=False),
    sa.Column('status', sa.Integer(), nullable=False),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('size', sa.String(length=50), nullable=True),
    sa.Column('email', sa.String(length=255), nullable=True),
    sa.Column('web', sa.String(length=255), nullable=True),
    sa.Column('phone', sa.String(length=50), nullable=True),
    sa.Column('siren', sa.String(length=20), nullable=True),
    sa.Column('vat_number', sa.String(length=30), nullable=True),
    sa.Column('billing_name', sa.String(length=255), nullable=True),
    sa.Column('retention_policy', sa.Text(), nullable=True),
    sa.Column('logo', sa.String(length=500), nullable=True),
    sa.Column('meta_logo', sa.String(length=500), nullable=True),
    sa.Column('activity_id', sa.Integer(), nullable=True),
    sa.Column('shared_applicants', sa.Boolean(), nullable=False),
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('public_id', sa.String(length=16), nullable=False),
    sa.Column('created_at', vivier.db.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', vivier.db.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('address_locality', sa.String(length=255), nullable=True),
    sa.Column('address_postal_code', sa.String(length=20), nullable=True),
    sa.Column('address_route', sa.String(length=255), nullable=True),
    sa.Column('address_street_number', sa.String(length=20), nullable=True),
    sa.Column('address_administrative_area_level_1', sa.String(length=255), nullable=True),
    sa.Column('address_administrative_area_level_2', sa.String(length=255), nullable=True),
    sa.Column('address_country', sa.String(length=255), nullable=True),
    sa.Column('address_formatted_address', sa.String(length=500), nullable=True),
    sa.Column('address_location_lat', sa.String(length=20), nullable=True),
    sa.Column('address_location_lng', sa.String(length=20), nullable=True),
    sa.ForeignKeyConstraint(['activity_id'], ['activities.id'], name=op.f('fk_companies_activity_id_activities')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_companies')),
    sa.UniqueConstraint('public_id', name=op.f('uq_companies_public_id')),
    sa.UniqueConstraint('slug', name=op.f('uq_companies_slug'))
    )
    op.create_table('metiers',
    sa.Column('channel_id', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('label_fr', sa.String(length=255), nullable=False),
    sa.Column('label_en', sa.String(length=255), nullable=False),
    sa.ForeignKeyConstraint(['channel_id'], ['channels.id'], name=op.f('fk_metiers_channel_id_channels')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_metiers'))
    )
    with op.batch_alter_table('metiers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_metiers_channel_id'), ['channel_id'], unique=False)

    op.create_table('candidates',
    sa.Column('firstname', sa.String(length=255), nullable=False),
    sa.Column('lastname', sa.String(length=255), nullable=False),
    sa.Column('email', sa.String(length=255), nullable=True),
    sa.Column('phone', sa.String(length=50), nullable=True),
    sa.Column('firstname_key', sa.String(length=255), nullable=True),
    sa.Column('lastname_key', sa.String(length=255), nullable=True),
    sa.Column('email_key', sa.String(length=255), nullable=True),
    sa.Column('phone_digits', sa.String(length=50), nullable=True),
    sa.Column('external_id', sa.String(length=255), nullable=True),
    sa.Column('summary', sa.Text(), nullable=True),
    sa.Column('url_facebook', sa.String(length=500), nullable=True),
    sa.Column('url_linkedin', sa.String(length=500), nullable=True),
    sa.Column('url_twitter', sa.String(length=500), nullable=True),
    sa.Column('url_other', sa.String(length=500), nullable=True),
    sa.Column('consent', sa.Boolean(), nullable=False),
    sa.Column('status', sa.Integer(), nullable=False),
    sa.Column('additionals', sa.JSON(), nullable=False),
    sa.Column('source', sa.String(length=255), nullable=True),
    sa.Column('location', sa.String(length=255), nullable=True),
    sa.Column('position', sa.String(length=255), nullable=True),
    sa.Column('birth_date', sa.Date(), nullable=True),
    sa.Column('expectations', sa.Text(), nullable=True),
    sa.Column('cv_link', sa.String(length=1000), nullable=True),
    sa.Column('cv_text', sa.Text(), nullable=True),
    sa.Column('created_by', sa.Integer(), nullable=True),
    sa.Column('company_id', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('public_id', sa.String(length=16), nullable=False),
    sa.Column('created_at', vivier.db.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', vivier.db.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['company_id'], ['companies.id'], name=op.f('fk_candidates_company_id_companies'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['created_by'], ['users.id'], name=op.f('fk_candidates_created_by_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_candidates')),
    sa.UniqueConstraint('public_id', name=op.f('uq_candidates_public_id'))
    )
    with op.batch_alter_table('candidates', schema=None) as batch_op:
        batch_op.create_index('ix_candidates_company_created', ['company_id', 'created_at', 'id'], unique=False)
        batch_op.create_index('ix_candidates_company_firstname', ['company_id', 'firstname_key'], unique=False)
        batch_op.create_index(batch_op.f('ix_candidates_company_id'), ['company_id'], unique=False)
        batch_op.create_index('ix_candidates_company_lastname', ['company_id', 'lastname_key'], unique=False)
        batch_op.create_index('ix_candidates_company_phone', ['company_id', 'phone_digits'], unique=False)
        batch_op.create_index('ix_candidates_company_updated', ['company_id', 'updated_at'], unique=False)
        batch_op.create_index('uq_candidates_company_email', ['company_id', 'email_key'], unique=True)

    op.create_table('company_affiliations',
    sa.Column('parent_id', sa.Integer(), nullable=False),
    sa.Column('child_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['child_id'], ['companies.id'], name=op.f('fk_company_affiliations_child_id_companies'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['parent_id'], ['companies.id'], name=op.f('fk_company_affiliations_parent_id_companies'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('parent_id', 'child_id', name=op.f('pk_company_affiliations'))
    )
    with op.batch_alter_table('company_affiliations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_company_affiliations_child_id'), ['child_id'], unique=False)

    op.create_table('members',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('role_id', sa.Integer(), nullable=False),
    sa.Column('external_id', sa.String(length=255), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('last_login', vivier.db.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('company_id', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('public_id', sa.String(length=16), nullable=False),
    sa.Column('created_at', vivier.db.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', vivier.db.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['company_id'], ['companies.id'], name=op.f('fk_members_company_id_companies'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_members_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_members')),
    sa.UniqueConstraint('company_id', 'user_id', name=op.f('uq_members_company_id_user_id')),
    sa.UniqueConstraint('public_id', name=op.f('uq_members_public_id'))
    )
    with op.batch_alter_table('members', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_members_company_id'), ['company_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_members_user_id'), ['user_id'], unique=False)

    op.create_table('pipeline_columns',
    sa.Column('title', sa.String(length=255), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('visible', sa.Boolean(), nullable=False),
    sa.Column('hired', sa.Boolean(), nullable=False),
    sa.Column('company_id', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('created_at', vivier.db.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', vivier.db.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['company_id'], ['companies.id'], name=op.f('fk_pipeline_columns_company_id_companies'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_pipeline_columns'))
    )
    with op.batch_alter_table('pipeline_columns', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_pipeline_columns_company_id'), ['company_id'], unique=False)
        batch_op.create_index('ix_pipeline_columns_company_position', ['company_id', 'position'], unique=False)

    op.create_table('recruitment_task_groups',
    sa.Column('name', sa.String(length=255), nullable=False),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('company_id', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('created_at', vivier.db.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', vivier.db.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['company_id'], ['companies.id'], name=op.f('fk_recruitment_task_groups_company_id_companies'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_recruitment_task_groups'))
    )
    with op.batch_alter_table('recruitment_task_groups', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_recruitment_task_groups_company_id'), ['company_id'], unique=False)

    op.create_table('resource_requests',
    sa.Column('client', sa.String(length=255), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('location', sa.String(length=255), nullable=True),
    sa.Column('position', sa.String(length=255), nullable=True),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('start', sa.Date(), nullable=True),
    sa.Column('salary_range_min', sa.BigInteger(), nullable=True),
    sa.Column('salary_range_max', sa.BigInteger(), nullable=True),
    sa.Column('billing_type', sa.String(length=20), nullable=True),
    sa.Column('company_id', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('public_id', sa.String(length=16), nullable=False),
    sa.Column('created_at', vivier.db.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', vivier.db.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['company_id'], ['companies.id'], name=op.f('fk_resource_requests_company_id_companies'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_resource_requests')),
    sa.UniqueConstraint('public_id', name=op.f('uq_resource_requests_public_id'))
    )
    with op.batch_alter_table('resource_requests', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_resource_requests_company_id'), ['company_id'], unique=False)
        batch_op.create_index('ix_resource_requests_company_status', ['company_id', 'status'], unique=False)

    op.create_table('tags',
    sa.Column('title', sa.String(length=255), nullable=False),
    sa.Column('values', sa.Text(), nullable=False),
    sa.Column('multiple', sa.Boolean(), nullable=False),
    sa.Column('visible', sa.Boolean(), nullable=False),
    sa.Column('creatable', sa.Boolean(), nullable=False),
    sa.Column('folder', sa.Boolean(), nullable=False),
    sa.Column('type', sa.String(length=20), nullable=False),
    sa.Column('position', sa.Integer(), nullable=True),
    sa.Column('company_id', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('public_id', sa.String(length=16), nullable=False),
    sa.Column('created_at', vivier.db.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', vivier.db.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['company_id'], ['companies.id'], name=op.f('fk_tags_company_id_companies'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_tags')),
    sa.UniqueConstraint('public_id', name=op.f('uq_tags_public_id'))
    )
    with op.batch_alter_table('tags', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_tags_company_id'), ['company_id'], unique=False)

    op.create_table('tombstones',
    sa.Column('entity_type', sa.String(length=64), nullable=False),
    sa.Column('entity_id', sa.String(length=64), nullable=False),
    sa.Column('deleted_at', vivier.db.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('company_id', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.ForeignKeyConstraint(['company_id'], ['companies.id'], name=op.f('fk_tombstones_company_id_companies'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_tombstones'))
    )
    with op.batch_alter_table('tombstones', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_tombstones_company_id'), ['company_id'], unique=False)
        batch_op.create_index('ix_tombstones_company_type_deleted', ['company_id', 'entity_type', 'deleted_at'], unique=False)

    op.create_table('vacancies',
    sa.Column('slug', sa.String(length=300), nullable=False),
    sa.Column('slug_mail', sa.String(length=6), nullable=False),
    sa.Column('title', sa.String(length=255), nullable=False),
    sa.Column('reference', sa.String(length=255), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('apply_url', sa.String(length=500), nullable=True),
    sa.Column('external_id', sa.String(length=255), nullable=True),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('mission', sa.Text(), nullable=False),
    sa.Column('profile', sa.Text(), nullable=False),
    sa.Column('experience', sa.Integer(), nullable=False),
    sa.Column('status', sa.Integer(), nullable=False),
    sa.Column('salary', sa.String(length=50), nullable=False),
    sa.Column('salary_max', sa.String(length=50), nullable=True),
    sa.Column('currency', sa.String(length=3), nullable=False),
    sa.Column('mensuality', sa.String(length=1), nullable=False),
    sa.Column('remote', sa.String(length=10), nullable=False),
    sa.Column('language', sa.String(length=5), nullable=False),
    sa.Column('contract_type_id', sa.Integer(), nullable=False),
    sa.Column('education_level_id', sa.Integer(), nullable=False),
    sa.Column('activity_id', sa.Integer(), nullable=False),
    sa.Column('channel_id', sa.Integer(), nullable=False),
    sa.Column('metier_id', sa.Integer(), nullable=False),
    sa.Column('start_date', sa.Date(), nullable=True),
    sa.Column('end_date', sa.Date(), nullable=True),
    sa.Column('driver_license', sa.Boolean(), nullable=False),
    sa.Column('handicap', sa.Boolean(), nullable=False),
    sa.Column('partial', sa.Boolean(), nullable=False),
    sa.Column('kanban', sa.Boolean(), nullable=False),
    sa.Column('meta_title', sa.String(length=255), nullable=True),
    sa.Column('meta_description', sa.Text(), nullable=True),
    sa.Column('meta_tags', sa.String(length=500), nullable=True),
    sa.Column('options', sa.JSON(), nullable=False),
    sa.Column('created_by', sa.Integer(), nullable=True),
    sa.Column('updated_by', sa.Integer(), nullable=True),
    sa.Column('company_id', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('public_id', sa.String(length=16), nullable=False),
    sa.Column('created_at', vivier.db.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', vivier.db.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('address_locality', sa.String(length=255), nullable=True),
    sa.Column('address_postal_code', sa.String(length=20), nullable=True),
    sa.Column('address_route', sa.String(length=255), nullable=True),
    sa.Column('address_street_number', sa.String(length=20), nullable=True),
    sa.Column('address_administrative_area_level_1', sa.String(length=255), nullable=True),
    sa.Column('address_administrative_area_level_2', sa.String(length=255), nullable=True),
    sa.Column('address_country', sa.String(length=255), nullable=True),
    sa.Column('address_formatted_address', sa.String(length=500), nullable=True),
    sa.Column('address_location_lat', sa.String(length=20), nullable=True),
    sa.Column('address_location_lng', sa.String(length=20), nullable=True),
    sa.ForeignKeyConstraint(['activity_id'], ['activities.id'], name=op.f('fk_vacancies_activity_id_activities')),
    sa.ForeignKeyConstraint(['channel_id'], ['channels.id'], name=op.f('fk_vacancies_channel_id_channels')),
    sa.ForeignKeyConstraint(['company_id'], ['companies.id'], name=op.f('fk_vacancies_company_id_companies'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['contract_type_id'], ['contract_types.id'], name=op.f('fk_vacancies_contract_type_id_contract_types')),
    sa.ForeignKeyConstraint(['created_by'], ['users.id'], name=op.f('fk_vacancies_created_by_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['education_level_id'], ['education_levels.id'], name=op.f('fk_vacancies_education_level_id_education_levels')),
    sa.ForeignKeyConstraint(['metier_id'], ['metiers.id'], name=op.f('fk_vacancies_metier_id_metiers')),
    sa.ForeignKeyConstraint(['updated_by'], ['users.id'], name=op.f('fk_vacancies_updated_by_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_vacancies')),
    sa.UniqueConstraint('public_id', name=op.f('uq_vacancies_public_id')),
    sa.UniqueConstraint('slug', name=op.f('uq_vacancies_slug'))
    )
    with op.batch_alter_table('vacancies', schema=None) as batch_op:
        batch_op.create_index('ix_vacancies_company_created', ['company_id', 'created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_vacancies_company_id'), ['company_id'], unique=False)
        batch_op.create_index('ix_vacancies_company_status', ['company_id', 'status'], unique=False)
        batch_op.create_index(batch_op.f('ix_vacancies_external_id'), ['external_id'], unique=False)

    op.create_table('api_keys',
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=255), nullable=False),
    sa.Column('prefix', sa.String(length=16), nullable=False),
    sa.Column('key_hash', sa.String(length=64), nullable=False),
    sa.Column('read_only', sa.Boolean(), nullable=False),
    sa.Column('created_at', vivier.db.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('expires_at', vivier.db.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('revoked_at', vivier.db.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('last_used_at', vivier.db.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('company_id', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('public_id', sa.String(length=16), nullable=False),
    sa.ForeignKeyConstraint(['company_id'], ['companies.id'], name=op.f('fk_api_keys_company_id_companies'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['member_id'], ['members.id'], name=op.f('fk_api_keys_member_id_members'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_api_keys')),
    sa.UniqueConstraint('prefix', name=op.f('uq_api_keys_prefix')),
    sa.UniqueConstraint('public_id', name=op.f('uq_api_keys_public_id'))
    )
    with op.batch_alter_table('api_keys', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_api_keys_company_id'), ['company_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_api_keys_member_id'), ['member_id'], unique=False)

    op.create_table('applications',
    sa.Column('candidate_id', sa.Integer(), nullable=False),
    sa.Column('vacancy_id', sa.Integer(), nullable=False),
    sa.Column('column_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.Integer(), nullable=False),
    sa.Column('score', sa.Integer(), nullable=False),
    sa.Column('cover_letter', sa.Text(), nullable=False),
    sa.Column('source_id', sa.Integer(), nullable=True),
    sa.Column('external_id', sa.String(length=255), nullable=True),
    sa.Column('view', sa.Boolean(), nullable=False),
    sa.Column('anonym', sa.Boolean(), nullable=False),
    sa.Column('foreigner', sa.Boolean(), nullable=False),
    sa.Column('response_text', sa.Text(), nullable=True),
    sa.Column('newsletter_partners', sa.Boolean(), nullable=False),
    sa.Column('created_by', sa.Integer(), nullable=True),
    sa.Column('company_id', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('public_id', sa.String(length=16), nullable=False),
    sa.Column('created_at', vivier.db.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', vivier.db.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['candidate_id'], ['candidates.id'], name=op.f('fk_applications_candidate_id_candidates'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['column_id'], ['pipeline_columns.id'], name=op.f('fk_applications_column_id_pipeline_columns')),
    sa.ForeignKeyConstraint(['company_id'], ['companies.id'], name=op.f('fk_applications_company_id_companies'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['created_by'], ['users.id'], name=op.f('fk_applications_created_by_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['source_id'], ['sources.id'], name=op.f('fk_applications_source_id_sources')),
    sa.ForeignKeyConstraint(['vacancy_id'], ['vacancies.id'], name=op.f('fk_applications_vacancy_id_vacancies'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_applications')),
    sa.UniqueConstraint('candidate_id', 'vacancy_id', name=op.f('uq_applications_candidate_id_vacancy_id')),
    sa.UniqueConstraint('public_id', name=op.f('uq_applications_public_id'))
    )
    with op.batch_alter_table('applications', schema=None) as batch_op:
        batch_op.create_index('ix_applications_company_column', ['company_id', 'column_id'], unique=False)
        batch_op.create_index('ix_applications_company_created', ['company_id', 'created_at', 'id'], unique=False)
        batch_op.create_index(batch_op.f('ix_applications_company_id'), ['company_id'], unique=False)
        batch_op.create_index('ix_applications_company_updated', ['company_id', 'updated_at'], unique=False)
        batch_op.create_index('ix_applications_company_vacancy_column', ['company_id', 'vacancy_id', 'column_id'], unique=False)
        batch_op.create_index('ix_applications_vacancy', ['vacancy_id'], unique=False)

    op.create_table('audit_events',
    sa.Column('member_id', sa.Integer(), nullable=True),
    sa.Column('action', sa.String(length=64), nullable=False),
    sa.Column('entity_type', sa.String(length=64), nullable=False),
    sa.Column('entity_id', sa.String(length=64), nullable=False),
    sa.Column('data', sa.JSON(), nullable=False),
    sa.Column('created_at', vivier.db.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('company_id', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.ForeignKeyConstraint(['company_id'], ['companies.id'], name=op.f('fk_audit_events_company_id_companies'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['member_id'], ['members.id'], name=op.f('fk_audit_events_member_id_members'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_events'))
    )
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.create_index('ix_audit_events_company_created', ['company_id', 'created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_events_company_id'), ['company_id'], unique=False)

    op.create_table('candidate_search_docs',
    sa.Column('candidate_id', sa.Integer(), nullable=False),
    sa.Column('company_id', sa.Integer(), nullable=False),
    sa.Column('document', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['candidate_id'], ['candidates.id'], name=op.f('fk_candidate_search_docs_candidate_id_candidates'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['company_id'], ['companies.id'], name=op.f('fk_candidate_search_docs_company_id_companies'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('candidate_id', name=op.f('pk_candidate_search_docs'))
    )
    with op.batch_alter_table('candidate_search_docs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_candidate_search_docs_company_id'), ['company_id'], unique=False)

    op.create_table('distributions',
    sa.Column('vacancy_id', sa.Integer(), nullable=False),
    sa.Column('offer_id', sa.Integer(), nullable=False),
    sa.Column('external_id', sa.String(length=255), nullable=True),
    sa.Column('published', sa.Boolean(), nullable=False),
    sa.Column('created_at', vivier.db.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('publish_date', vivier.db.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('company_id', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('public_id', sa.String(length=16), nullable=False),
    sa.ForeignKeyConstraint(['company_id'], ['companies.id'], name=op.f('fk_distributions_company_id_companies'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['offer_id'], ['sources.id'], name=op.f('fk_distributions_offer_id_sources')),
    sa.ForeignKeyConstraint(['vacancy_id'], ['vacancies.id'], name=op.f('fk_distributions_vacancy_id_vacancies'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_distributions')),
    sa.UniqueConstraint('public_id', name=op.f('uq_distributions_public_id')),
    sa.UniqueConstraint('vacancy_id', 'offer_id', name=op.f('uq_distributions_vacancy_id_offer_id'))
    )
    with op.batch_alter_table('distributions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_distributions_company_id'), ['company_id'], unique=False)
        batch_op.create_index('ix_distributions_company_offer', ['company_id', 'offer_id'], unique=False)

    op.create_table('outbox_events',
    sa.Column('event', sa.String(length=64), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=True),
    sa.Column('subject', sa.JSON(), nullable=False),
    sa.Column('created_at', vivier.db.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('dispatched_at', vivier.db.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('company_id', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.ForeignKeyConstraint(['company_id'], ['companies.id'], name=op.f('fk_outbox_events_company_id_companies'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['member_id'], ['members.id'], name=op.f('fk_outbox_events_member_id_members'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outbox_events'))
    )
    with op.batch_alter_table('outbox_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_outbox_events_company_id'), ['company_id'], unique=False)
        batch_op.create_index('ix_outbox_events_pending', ['dispatched_at', 'id'], unique=False)

    op.create_table('questions',
    sa.Column('vacancy_id', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('type', sa.String(length=20), nullable=False),
    sa.Column('required', sa.Boolean(), nullable=False),
    sa.Column('options', sa.Text(), nullable=True),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('size', sa.String(length=20), nullable=True),
    sa.Column('default_value', sa.Text(), nullable=True),
    sa.Column('company_id', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('public_id', sa.String(length=16), nullable=False),
    sa.Column('created_at', vivier.db.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', vivier.db.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['company_id'], ['companies.id'], name=op.f('fk_questions_company_id_companies'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['vacancy_id'], ['vacancies.id'], name=op.f('fk_questions_vacancy_id_vacancies'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_questions')),
    sa.UniqueConstraint('public_id', name=op.f('uq_questions_public_id'))
    )
    with op.batch_alter_table('questions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_questions_company_id'), ['company_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_questions_vacancy_id'), ['vacancy_id'], unique=False)

    op.create_table('recruitment_tasks',
    sa.Column('group_id', sa.Integer(), nullable=False),
    sa.Column('question', sa.Text(), nullable=False),
    sa.Column('options', sa.JSON(), nullable=True),
    sa.Column('company_id', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('created_at', vivier.db.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', vivier.db.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['company_id'], ['companies.id'], name=op.f('fk_recruitment_tasks_company_id_companies'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['group_id'], ['recruitment_task_groups.id'], name=op.f('fk_recruitment_tasks_group_id_recruitment_task_groups'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_recruitment_tasks'))
    )
    with op.batch_alter_table('recruitment_tasks', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_recruitment_tasks_company_id'), ['company_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_recruitment_tasks_group_id'), ['group_id'], unique=False)

    op.create_table('resource_request_candidates',
    sa.Column('resource_request_id', sa.Integer(), nullable=False),
    sa.Column('candidate_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('company_id', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('public_id', sa.String(length=16), nullable=False),
    sa.Column('created_at', vivier.db.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', vivier.db.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['candidate_id'], ['candidates.id'], name=op.f('fk_resource_request_candidates_candidate_id_candidates'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['company_id'], ['companies.id'], name=op.f('fk_resource_request_candidates_company_id_companies'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['resource_request_id'], ['resource_requests.id'], name=op.f('fk_resource_request_candidates_resource_request_id_resource_requests'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_resource_request_candidates')),
    sa.UniqueConstraint('public_id', name=op.f('uq_resource_request_candidates_public_id')),
    sa.UniqueConstraint('resource_request_id', 'candidate_id', name=op.f('uq_resource_request_candidates_resource_request_id_candidate_id'))
    )
    with op.batch_alter_table('resource_request_candidates', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_resource_request_candidates_candidate_id'), ['candidate_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_resource_request_candidates_company_id'), ['company_id'], unique=False)

    op.create_table('resource_request_owners',
    sa.Column('resource_request_id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['member_id'], ['members.id'], name=op.f('fk_resource_request_owners_member_id_members'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['resource_request_id'], ['resource_requests.id'], name=op.f('fk_resource_request_owners_resource_request_id_resource_requests'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('resource_request_id', 'member_id', name=op.f('pk_resource_request_owners'))
    )
    with op.batch_alter_table('resource_request_owners', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_resource_request_owners_member_id'), ['member_id'], unique=False)

    op.create_table('tasks',
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('date', vivier.db.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('type', sa.String(length=20), nullable=False),
    sa.Column('done', sa.Boolean(), nullable=False),
    sa.Column('email', sa.Boolean(), nullable=False),
    sa.Column('creator_member_id', sa.Integer(), nullable=True),
    sa.Column('company_id', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('public_id', sa.String(length=16), nullable=False),
    sa.Column('created_at', vivier.db.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', vivier.db.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['company_id'], ['companies.id'], name=op.f('fk_tasks_company_id_companies'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['creator_member_id'], ['members.id'], name=op.f('fk_tasks_creator_member_id_members'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_tasks')),
    sa.UniqueConstraint('public_id', name=op.f('uq_tasks_public_id'))
    )
    with op.batch_alter_table('tasks', schema=None) as batch_op:
        batch_op.create_index('ix_tasks_company_date', ['company_id', 'date'], unique=False)
        batch_op.create_index(batch_op.f('ix_tasks_company_id'), ['company_id'], unique=False)

    op.create_table('vacancy_tags',
    sa.Column('vacancy_id', sa.Integer(), nullable=False),
    sa.Column('tag_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['tag_id'], ['tags.id'], name=op.f('fk_vacancy_tags_tag_id_tags'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['vacancy_id'], ['vacancies.id'], name=op.f('fk_vacancy_tags_vacancy_id_vacancies'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('vacancy_id', 'tag_id', name=op.f('pk_vacancy_tags'))
    )
    with op.batch_alter_table('vacancy_tags', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_vacancy_tags_tag_id'), ['tag_id'], unique=False)

    op.create_table('webhooks',
    sa.Column('url', sa.String(length=1000), nullable=False),
    sa.Column('event', sa.String(length=64), nullable=False),
    sa.Column('vacancy_id', sa.Integer(), nullable=True),
    sa.Column('column_id', sa.Integer(), nullable=True),
    sa.Column('secret', sa.String(length=255), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('company_id', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('public_id', sa.String(length=16), nullable=False),
    sa.Column('created_at', vivier.db.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', vivier.db.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['column_id'], ['pipeline_columns.id'], name=op.f('fk_webhooks_column_id_pipeline_columns'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['company_id'], ['companies.id'], name=op.f('fk_webhooks_company_id_companies'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['vacancy_id'], ['vacancies.id'], name=op.f('fk_webhooks_vacancy_id_vacancies'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_webhooks')),
    sa.UniqueConstraint('public_id', name=op.f('uq_webhooks_public_id'))
    )
    with op.batch_alter_table('webhooks', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_webhooks_company_id'), ['company_id'], unique=False)

    op.create_table('application_answers',
    sa.Column('application_id', sa.Integer(), nullable=False),
    sa.Column('question_id', sa.Integer(), nullable=True),
    sa.Column('question', sa.Text(), nullable=False),
    sa.Column('value', sa.Text(), nullable=False),
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.ForeignKeyConstraint(['application_id'], ['applications.id'], name=op.f('fk_application_answers_application_id_applications'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['question_id'], ['questions.id'], name=op.f('fk_application_answers_question_id_questions'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_application_answers'))
    )
    with op.batch_alter_table('application_answers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_application_answers_application_id'), ['application_id'], unique=False)

    op.create_table('applies',
    sa.Column('application_id', sa.Integer(), nullable=False),
    sa.Column('source_id', sa.Integer(), nullable=False),
    sa.Column('imported', sa.Boolean(), nullable=False),
    sa.Column('created_at', vivier.db.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('public_id', sa.String(length=16), nullable=False),
    sa.ForeignKeyConstraint(['application_id'], ['applications.id'], name=op.f('fk_applies_application_id_applications'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['source_id'], ['sources.id'], name=op.f('fk_applies_source_id_sources')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_applies')),
    sa.UniqueConstraint('public_id', name=op.f('uq_applies_public_id'))
    )
    with op.batch_alter_table('applies', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_applies_application_id'), ['application_id'], unique=False)

    op.create_table('messages',
    sa.Column('application_id', sa.Integer(), nullable=False),
    sa.Column('candidate_id', sa.Integer(), nullable=False),
    sa.Column('author_member_id', sa.Integer(), nullable=True),
    sa.Column('subject', sa.String(length=500), nullable=False),
    sa.Column('html', sa.Text(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('send_mail', sa.Boolean(), nullable=False),
    sa.Column('auto', sa.Boolean(), nullable=False),
    sa.Column('delivered', sa.Boolean(), nullable=False),
    sa.Column('mail_status', sa.String(length=10), nullable=True),
    sa.Column('deliver_at', vivier.db.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('company_id', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('public_id', sa.String(length=16), nullable=False),
    sa.Column('created_at', vivier.db.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', vivier.db.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['application_id'], ['applications.id'], name=op.f('fk_messages_application_id_applications'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['author_member_id'], ['members.id'], name=op.f('fk_messages_author_member_id_members'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['candidate_id'], ['candidates.id'], name=op.f('fk_messages_candidate_id_candidates'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['company_id'], ['companies.id'], name=op.f('fk_messages_company_id_companies'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_messages')),
    sa.UniqueConstraint('public_id', name=op.f('uq_messages_public_id'))
    )
    with op.batch_alter_table('messages', schema=None) as batch_op:
        batch_op.create_index('ix_messages_application_created', ['application_id', 'created_at', 'id'], unique=False)
        batch_op.create_index(batch_op.f('ix_messages_candidate_id'), ['candidate_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_messages_company_id'), ['company_id'], unique=False)

    op.create_table('notes',
    sa.Column('candidate_id', sa.Integer(), nullable=False),
    sa.Column('application_id', sa.Integer(), nullable=True),
    sa.Column('author_member_id', sa.Integer(), nullable=True),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('private', sa.Boolean(), nullable=False),
    sa.Column('favorite', sa.Boolean(), nullable=False),
    sa.Column('type', sa.String(length=50), nullable=False),
    sa.Column('reply_to_id', sa.Integer(), nullable=True),
    sa.Column('company_id', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('public_id', sa.String(length=16), nullable=False),
    sa.Column('created_at', vivier.db.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', vivier.db.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['application_id'], ['applications.id'], name=op.f('fk_notes_application_id_applications'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['author_member_id'], ['members.id'], name=op.f('fk_notes_author_member_id_members'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['candidate_id'], ['candidates.id'], name=op.f('fk_notes_candidate_id_candidates'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['company_id'], ['companies.id'], name=op.f('fk_notes_company_id_companies'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['reply_to_id'], ['notes.id'], name=op.f('fk_notes_reply_to_id_notes'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notes')),
    sa.UniqueConstraint('public_id', name=op.f('uq_notes_public_id'))
    )
    with op.batch_alter_table('notes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_notes_application_id'), ['application_id'], unique=False)
        batch_op.create_index('ix_notes_candidate_created', ['candidate_id', 'created_at', 'id'], unique=False)
        batch_op.create_index('ix_notes_company_created', ['company_id', 'created_at', 'id'], unique=False)
        batch_op.create_index(batch_op.f('ix_notes_company_id'), ['company_id'], unique=False)
        batch_op.create_index('ix_notes_company_updated', ['company_id', 'updated_at'], unique=False)

    op.create_table('recruitment_task_answers',
    sa.Column('task_id', sa.Integer(), nullable=False),
    sa.Column('candidate_id', sa.Integer(), nullable=False),
    sa.Column('answer', sa.Text(), nullable=True),
    sa.Column('score', sa.Integer(), nullable=True),
    sa.Column('company_id', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('created_at', vivier.db.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', vivier.db.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['candidate_id'], ['candidates.id'], name=op.f('fk_recruitment_task_answers_candidate_id_candidates'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['company_id'], ['companies.id'], name=op.f('fk_recruitment_task_answers_company_id_companies'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['task_id'], ['recruitment_tasks.id'], name=op.f('fk_recruitment_task_answers_task_id_recruitment_tasks'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_recruitment_task_answers'))
    )
    with op.batch_alter_table('recruitment_task_answers', schema=None) as batch_op:
        batch_op.create_index('ix_recruitment_task_answers_candidate_task', ['candidate_id', 'task_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_recruitment_task_answers_company_id'), ['company_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_recruitment_task_answers_task_id'), ['task_id'], unique=False)

    op.create_table('task_links',
    sa.Column('task_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=True),
    sa.Column('application_id', sa.Integer(), nullable=True),
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.ForeignKeyConstraint(['application_id'], ['applications.id'], name=op.f('fk_task_links_application_id_applications'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['member_id'], ['members.id'], name=op.f('fk_task_links_member_id_members'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['task_id'], ['tasks.id'], name=op.f('fk_task_links_task_id_tasks'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_task_links'))
    )
    with op.batch_alter_table('task_links', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_task_links_application_id'), ['application_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_task_links_member_id'), ['member_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_task_links_task_id'), ['task_id'], unique=False)

    op.create_table('task_users',
    sa.Column('task_id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['member_id'], ['members.id'], name=op.f('fk_task_users_member_id_members'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['task_id'], ['tasks.id'], name=op.f('fk_task_users_task_id_tasks'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('task_id', 'member_id', name=op.f('pk_task_users'))
    )
    with op.batch_alter_table('task_users', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_task_users_member_id'), ['member_id'], unique=False)

    op.create_table('traits',
    sa.Column('application_id', sa.Integer(), nullable=False),
    sa.Column('tag_id', sa.Integer(), nullable=False),
    sa.Column('value', sa.String(length=255), nullable=False),
    sa.Column('company_id', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('public_id', sa.String(length=16), nullable=False),
    sa.Column('created_at', vivier.db.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', vivier.db.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['application_id'], ['applications.id'], name=op.f('fk_traits_application_id_applications'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['company_id'], ['companies.id'], name=op.f('fk_traits_company_id_companies'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tag_id'], ['tags.id'], name=op.f('fk_traits_tag_id_tags'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_traits')),
    sa.UniqueConstraint('public_id', name=op.f('uq_traits_public_id'))
    )
    with op.batch_alter_table('traits', schema=None) as batch_op:
        batch_op.create_index('ix_traits_application_tag', ['application_id', 'tag_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_traits_company_id'), ['company_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_traits_tag_id'), ['tag_id'], unique=False)

    op.create_table('webhook_deliveries',
    sa.Column('uuid', sa.String(length=36), nullable=False),
    sa.Column('webhook_id', sa.Integer(), nullable=False),
    sa.Column('event', sa.String(length=64), nullable=False),
    sa.Column('payload', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('next_attempt_at', vivier.db.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('created_at', vivier.db.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('company_id', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.ForeignKeyConstraint(['company_id'], ['companies.id'], name=op.f('fk_webhook_deliveries_company_id_companies'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['webhook_id'], ['webhooks.id'], name=op.f('fk_webhook_deliveries_webhook_id_webhooks'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_webhook_deliveries')),
    sa.UniqueConstraint('uuid', name=op.f('uq_webhook_deliveries_uuid'))
    )
    with op.batch_alter_table('webhook_deliveries', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_webhook_deliveries_company_id'), ['company_id'], unique=False)
        batch_op.create_index('ix_webhook_deliveries_due', ['status', 'next_attempt_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_webhook_deliveries_webhook_id'), ['webhook_id'], unique=False)

    op.create_table('files',
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('key', sa.String(length=300), nullable=False),
    sa.Column('digest', sa.String(length=64), nullable=False),
    sa.Column('name', sa.String(length=255), nullable=False),
    sa.Column('extension', sa.String(length=5), nullable=False),
    sa.Column('content_type', sa.String(length=100), nullable=False),
    sa.Column('size', sa.BigInteger(), nullable=False),
    sa.Column('candidate_id', sa.Integer(), nullable=True),
    sa.Column('note_id', sa.Integer(), nullable=True),
    sa.Column('message_id', sa.Integer(), nullable=True),
    sa.Column('created_at', vivier.db.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('company_id', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('public_id', sa.String(length=16), nullable=False),
    sa.ForeignKeyConstraint(['candidate_id'], ['candidates.id'], name=op.f('fk_files_candidate_id_candidates'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['company_id'], ['companies.id'], name=op.f('fk_files_company_id_companies'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['message_id'], ['messages.id'], name=op.f('fk_files_message_id_messages'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['note_id'], ['notes.id'], name=op.f('fk_files_note_id_notes'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_files')),
    sa.UniqueConstraint('public_id', name=op.f('uq_files_public_id'))
    )
    with op.batch_alter_table('files', schema=None) as batch_op:
        batch_op.create_index('ix_files_candidate_kind', ['candidate_id', 'kind', 'id'], unique=False)
        batch_op.create_index(batch_op.f('ix_files_company_id'), ['company_id'], unique=False)
        batch_op.create_index('ix_files_digest', ['digest'], unique=False)
        batch_op.create_index(batch_op.f('ix_files_message_id'), ['message_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_files_note_id'), ['note_id'], unique=False)
        batch_op.create_index('uq_files_company_key', ['company_id', 'key'], unique=True)

    op.create_table('webhook_attempts',
    sa.Column('delivery_id', sa.Integer(), nullable=False),
    sa.Column('attempt', sa.Integer(), nullable=False),
    sa.Column('attempted_at', vivier.db.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('response_status', sa.Integer(), nullable=True),
    sa.Column('duration_ms', sa.Integer(), nullable=False),
    sa.Column('error', sa.Text(), nullable=True),
    sa.Column('response_excerpt', sa.Text(), nullable=True),
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.ForeignKeyConstraint(['delivery_id'], ['webhook_deliveries.id'], name=op.f('fk_webhook_attempts_delivery_id_webhook_deliveries'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_webhook_attempts'))
    )
    with op.batch_alter_table('webhook_attempts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_webhook_attempts_attempted_at'), ['attempted_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_webhook_attempts_delivery_id'), ['delivery_id'], unique=False)

    _seed_reference_data()


def _seed_reference_data() -> None:
    labelled = sa.table("x", sa.column("id"), sa.column("label_fr"), sa.column("label_en"))
    for name, rows in (
        ("contract_types", data.CONTRACT_TYPES),
        ("education_levels", data.EDUCATION_LEVELS),
        ("activities", data.ACTIVITIES),
        ("channels", data.CHANNELS),
    ):
        labelled.name = name
        op.bulk_insert(labelled, [{"id": i, "label_fr": fr, "label_en": en} for i, fr, en in rows])
    metiers = sa.table(
        "metiers", sa.column("id"), sa.column("channel_id"), sa.column("label_fr"), sa.column("label_en")
    )
    op.bulk_insert(
        metiers, [{"id": i, "channel_id": c, "label_fr": fr, "label_en": en} for i, c, fr, en in data.METIERS]
    )
    sources = sa.table("sources", sa.column("id"), sa.column("label"))
    op.bulk_insert(sources, [{"id": i, "label": label} for i, label in data.SOURCES])


def downgrade() -> None:
    with op.batch_alter_table('webhook_attempts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_webhook_attempts_delivery_id'))
        batch_op.drop_index(batch_op.f('ix_webhook_attempts_attempted_at'))

    op.drop_table('webhook_attempts')
    with op.batch_alter_table('files', schema=None) as batch_op:
        batch_op.drop_index('uq_files_company_key')
        batch_op.drop_index(batch_op.f('ix_files_note_id'))
        batch_op.drop_index(batch_op.f('ix_files_message_id'))
        batch_op.drop_index('ix_files_digest')
        batch_op.drop_index(batch_op.f('ix_files_company_id'))
        batch_op.drop_index('ix_files_candidate_kind')

    op.drop_table('files')
    with op.batch_alter_table('webhook_deliveries', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_webhook_deliveries_webhook_id'))
        batch_op.drop_index('ix_webhook_deliveries_due')
        batch_op.drop_index(batch_op.f('ix_webhook_deliveries_company_id'))

    op.drop_table('webhook_deliveries')
    with op.batch_alter_table('traits', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_traits_tag_id'))
        batch_op.drop_index(batch_op.f('ix_traits_company_id'))
        batch_op.drop_index('ix_traits_application_tag')

    op.drop_table('traits')
    with op.batch_alter_table('task_users', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_task_users_member_id'))

    op.drop_table('task_users')
    with op.batch_alter_table('task_links', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_task_links_task_id'))
        batch_op.drop_index(batch_op.f('ix_task_links_member_id'))
        batch_op.drop_index(batch_op.f('ix_task_links_application_id'))

    op.drop_table('task_links')
    with op.batch_alter_table('recruitment_task_answers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_recruitment_task_answers_task_id'))
        batch_op.drop_index(batch_op.f('ix_recruitment_task_answers_company_id'))
        batch_op.drop_index('ix_recruitment_task_answers_candidate_task')

    op.drop_table('recruitment_task_answers')
    with op.batch_alter_table('notes', schema=None) as batch_op:
        batch_op.drop_index('ix_notes_company_updated')
        batch_op.drop_index(batch_op.f('ix_notes_company_id'))
        batch_op.drop_index('ix_notes_company_created')
        batch_op.drop_index('ix_notes_candidate_created')
        batch_op.drop_index(batch_op.f('ix_notes_application_id'))

    op.drop_table('notes')
    with op.batch_alter_table('messages', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_messages_company_id'))
        batch_op.drop_index(batch_op.f('ix_messages_candidate_id'))
        batch_op.drop_index('ix_messages_application_created')

    op.drop_table('messages')
    with op.batch_alter_table('applies', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_applies_application_id'))

    op.drop_table('applies')
    with op.batch_alter_table('application_answers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_application_answers_application_id'))

    op.drop_table('application_answers')
    with op.batch_alter_table('webhooks', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_webhooks_company_id'))

    op.drop_table('webhooks')
    with op.batch_alter_table('vacancy_tags', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_vacancy_tags_tag_id'))

    op.drop_table('vacancy_tags')
    with op.batch_alter_table('tasks', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_tasks_company_id'))
        batch_op.drop_index('ix_tasks_company_date')

    op.drop_table('tasks')
    with op.batch_alter_table('resource_request_owners', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_resource_request_owners_member_id'))

    op.drop_table('resource_request_owners')
    with op.batch_alter_table('resource_request_candidates', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_resource_request_candidates_company_id'))
        batch_op.drop_index(batch_op.f('ix_resource_request_candidates_candidate_id'))

    op.drop_table('resource_request_candidates')
    with op.batch_alter_table('recruitment_tasks', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_recruitment_tasks_group_id'))
        batch_op.drop_index(batch_op.f('ix_recruitment_tasks_company_id'))

    op.drop_table('recruitment_tasks')
    with op.batch_alter_table('questions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_questions_vacancy_id'))
        batch_op.drop_index(batch_op.f('ix_questions_company_id'))

    op.drop_table('questions')
    with op.batch_alter_table('outbox_events', schema=None) as batch_op:
        batch_op.drop_index('ix_outbox_events_pending')
        batch_op.drop_index(batch_op.f('ix_outbox_events_company_id'))

    op.drop_table('outbox_events')
    with op.batch_alter_table('distributions', schema=None) as batch_op:
        batch_op.drop_index('ix_distributions_company_offer')
        batch_op.drop_index(batch_op.f('ix_distributions_company_id'))

    op.drop_table('distributions')
    with op.batch_alter_table('candidate_search_docs', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_candidate_search_docs_company_id'))

    op.drop_table('candidate_search_docs')
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_events_company_id'))
        batch_op.drop_index('ix_audit_events_company_created')

    op.drop_table('audit_events')
    with op.batch_alter_table('applications', schema=None) as batch_op:
        batch_op.drop_index('ix_applications_vacancy')
        batch_op.drop_index('ix_applications_company_vacancy_column')
        batch_op.drop_index('ix_applications_company_updated')
        batch_op.drop_index(batch_op.f('ix_applications_company_id'))
        batch_op.drop_index('ix_applications_company_created')
        batch_op.drop_index('ix_applications_company_column')

    op.drop_table('applications')
    with op.batch_alter_table('api_keys', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_api_keys_member_id'))
        batch_op.drop_index(batch_op.f('ix_api_keys_company_id'))

    op.drop_table('api_keys')
    with op.batch_alter_table('vacancies', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_vacancies_external_id'))
        batch_op.drop_index('ix_vacancies_company_status')
        batch_op.drop_index(batch_op.f('ix_vacancies_company_id'))
        batch_op.drop_index('ix_vacancies_company_created')

    op.drop_table('vacancies')
    with op.batch_alter_table('tombstones', schema=None) as batch_op:
        batch_op.drop_index('ix_tombstones_company_type_deleted')
        batch_op.drop_index(batch_op.f('ix_tombstones_company_id'))

    op.drop_table('tombstones')
    with op.batch_alter_table('tags', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_tags_company_id'))

    op.drop_table('tags')
    with op.batch_alter_table('resource_requests', schema=None) as batch_op:
        batch_op.drop_index('ix_resource_requests_company_status')
        batch_op.drop_index(batch_op.f('ix_resource_requests_company_id'))

    op.drop_table('resource_requests')
    with op.batch_alter_table('recruitment_task_groups', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_recruitment_task_groups_company_id'))

    op.drop_table('recruitment_task_groups')
    with op.batch_alter_table('pipeline_columns', schema=None) as batch_op:
        batch_op.drop_index('ix_pipeline_columns_company_position')
        batch_op.drop_index(batch_op.f('ix_pipeline_columns_company_id'))

    op.drop_table('pipeline_columns')
    with op.batch_alter_table('members', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_members_user_id'))
        batch_op.drop_index(batch_op.f('ix_members_company_id'))

    op.drop_table('members')
    with op.batch_alter_table('company_affiliations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_company_affiliations_child_id'))

    op.drop_table('company_affiliations')
    with op.batch_alter_table('candidates', schema=None) as batch_op:
        batch_op.drop_index('uq_candidates_company_email')
        batch_op.drop_index('ix_candidates_company_updated')
        batch_op.drop_index('ix_candidates_company_phone')
        batch_op.drop_index('ix_candidates_company_lastname')
        batch_op.drop_index(batch_op.f('ix_candidates_company_id'))
        batch_op.drop_index('ix_candidates_company_firstname')
        batch_op.drop_index('ix_candidates_company_created')

    op.drop_table('candidates')
    with op.batch_alter_table('metiers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_metiers_channel_id'))

    op.drop_table('metiers')
    op.drop_table('companies')
    op.drop_table('users')
    op.drop_table('sources')
    op.drop_table('rate_windows')
    op.drop_table('education_levels')
    op.drop_table('contract_types')
    op.drop_table('channels')
    op.drop_table('activities')
