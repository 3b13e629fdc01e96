-- The schema's migrations before they were squashed into Initial (main at 63bb6e1), as `dotnet ef migrations script`
-- wrote them; only the ';' their two hand-written UPDATEs lacked is added. Databases made before Initial are brought
-- up to date from here (HistoryAdoption.cs), and the upgrade tests make today's-main databases with it. Never edit.

CREATE TABLE IF NOT EXISTS "__EFMigrationsHistory" (
    "MigrationId" character varying(150) NOT NULL,
    "ProductVersion" character varying(32) NOT NULL,
    CONSTRAINT "PK___EFMigrationsHistory" PRIMARY KEY ("MigrationId")
);

START TRANSACTION;
CREATE TABLE jobs (
    "Id" uuid NOT NULL,
    "State" character varying(16) NOT NULL,
    "OriginalKey" character varying(200) NOT NULL,
    "OriginalFileName" character varying(255),
    "OriginalContentType" text NOT NULL,
    "OriginalSizeBytes" bigint NOT NULL,
    "OriginalWidth" integer NOT NULL,
    "OriginalHeight" integer NOT NULL,
    "Operations" text[] NOT NULL,
    "OutputFormat" character varying(8) NOT NULL,
    "Quality" integer NOT NULL,
    "Attempts" integer NOT NULL,
    "WorkerId" text,
    "QueuedAt" timestamp with time zone NOT NULL,
    "StartedAt" timestamp with time zone,
    "FinishedAt" timestamp with time zone,
    "ProcessingMs" double precision,
    "ResultKey" text,
    "ResultContentType" text,
    "ResultWidth" integer,
    "ResultHeight" integer,
    "ResultSizeBytes" bigint,
    "FailureReason" text,
    "PublishedAt" timestamp with time zone,
    "DispatchLeaseOwner" uuid,
    "DispatchLeaseUntil" timestamp with time zone,
    "TraceParent" character varying(64),
    CONSTRAINT "PK_jobs" PRIMARY KEY ("Id")
);

CREATE INDEX "IX_jobs_PublishedAt_State" ON jobs ("PublishedAt", "State");

CREATE INDEX "IX_jobs_QueuedAt" ON jobs ("QueuedAt");

CREATE INDEX "IX_jobs_State_QueuedAt" ON jobs ("State", "QueuedAt");

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261202000954_Baseline', '10.0.15');

COMMIT;

START TRANSACTION;
ALTER TABLE jobs ADD "FailureKind" character varying(32);

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261202001118_AddFailureKind', '10.0.15');

COMMIT;

START TRANSACTION;
ALTER TABLE jobs ADD "NotifiedAt" timestamp with time zone;

UPDATE jobs SET "NotifiedAt" = "FinishedAt" WHERE "State" IN ('Completed', 'Failed');

CREATE INDEX "IX_jobs_NotifiedAt_State" ON jobs ("NotifiedAt", "State");

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261202003939_AddNotifiedAt', '10.0.15');

COMMIT;

START TRANSACTION;
ALTER TABLE jobs ADD "Deferrals" integer NOT NULL DEFAULT 0;

ALTER TABLE jobs ADD "NotBefore" timestamp with time zone;

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261202005921_AddDeferral', '10.0.15');

COMMIT;

START TRANSACTION;
ALTER TABLE jobs ADD "PreviewKey" character varying(200);

ALTER TABLE jobs ADD "Renditions" text;

ALTER TABLE jobs ADD "ResultBlurHash" character varying(64);

ALTER TABLE jobs ADD "ResultDominantColour" character varying(7);

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261202024709_AddRenditions', '10.0.15');

COMMIT;

START TRANSACTION;
ALTER TABLE jobs ADD "Tenant" character varying(64) NOT NULL DEFAULT 'default';

CREATE TABLE api_keys (
    "Id" uuid NOT NULL,
    "Hash" character varying(64) NOT NULL,
    "Tenant" character varying(64) NOT NULL,
    "Role" character varying(16) NOT NULL,
    "Name" character varying(200),
    "CreatedAt" timestamp with time zone NOT NULL,
    "RevokedAt" timestamp with time zone,
    "UploadsPerSecond" integer,
    "MaxJobsInFlight" integer,
    CONSTRAINT "PK_api_keys" PRIMARY KEY ("Id")
);

CREATE TABLE app_secrets (
    "Name" character varying(64) NOT NULL,
    "Value" character varying(200) NOT NULL,
    CONSTRAINT "PK_app_secrets" PRIMARY KEY ("Name")
);

CREATE INDEX "IX_jobs_Tenant_State" ON jobs ("Tenant", "State");

CREATE UNIQUE INDEX "IX_api_keys_Hash" ON api_keys ("Hash");

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261202025416_AccessControl', '10.0.15');

COMMIT;

START TRANSACTION;
ALTER TABLE jobs ADD "Priority" integer NOT NULL DEFAULT 1;

ALTER TABLE jobs ADD "SearchText" character varying(600) NOT NULL DEFAULT '';

UPDATE jobs SET "SearchText" = substr(lower(trim(coalesce("OriginalFileName", '') || ' ' || array_to_string("Operations", ',')) || coalesce(' | ' || "FailureReason", '')), 1, 600);

CREATE INDEX "IX_jobs_SearchText_State_QueuedAt_Id" ON jobs ("SearchText", "State", "QueuedAt", "Id");

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261202025645_AddJobControl', '10.0.15');

COMMIT;

START TRANSACTION;
DROP INDEX "IX_jobs_QueuedAt";

DROP INDEX "IX_jobs_State_QueuedAt";

CREATE INDEX "IX_jobs_FinishedAt" ON jobs ("FinishedAt");

CREATE INDEX "IX_jobs_QueuedAt_Id" ON jobs ("QueuedAt", "Id");

CREATE INDEX "IX_jobs_State_FinishedAt" ON jobs ("State", "FinishedAt");

CREATE INDEX "IX_jobs_State_QueuedAt_Id" ON jobs ("State", "QueuedAt", "Id");

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261202030403_IndexesForLargeTables', '10.0.15');

COMMIT;

START TRANSACTION;
CREATE INDEX "IX_jobs_State_FailureKind_FinishedAt" ON jobs ("State", "FailureKind", "FinishedAt");

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261202055923_DeadLetterStatsIndex', '10.0.15');

COMMIT;

START TRANSACTION;
CREATE TABLE leases (
    "Name" character varying(64) NOT NULL,
    "Holder" character varying(200) NOT NULL,
    "ExpiresAt" timestamp with time zone NOT NULL,
    CONSTRAINT "PK_leases" PRIMARY KEY ("Name")
);

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261202060550_AddRetentionLease', '10.0.15');

COMMIT;

START TRANSACTION;
CREATE TABLE processing_pause (
    "Id" integer NOT NULL,
    "Paused" boolean NOT NULL,
    "Since" timestamp with time zone,
    "By" character varying(64),
    CONSTRAINT "PK_processing_pause" PRIMARY KEY ("Id")
);

INSERT INTO processing_pause ("Id", "By", "Paused", "Since")
VALUES (1, NULL, FALSE, NULL);

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261202060650_AddProcessingPause', '10.0.15');

COMMIT;

START TRANSACTION;
ALTER TABLE jobs ADD "CallbackUrl" character varying(2000);

ALTER TABLE jobs ADD "WebhookAttempts" integer NOT NULL DEFAULT 0;

ALTER TABLE jobs ADD "WebhookDeliveredAt" timestamp with time zone;

ALTER TABLE jobs ADD "WebhookLastAttemptAt" timestamp with time zone;

ALTER TABLE jobs ADD "WebhookLastStatus" character varying(200);

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261202060858_AddWebhookDeliveries', '10.0.15');

COMMIT;

START TRANSACTION;
ALTER TABLE jobs ADD "StartIds" text NOT NULL DEFAULT '';

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261206194824_AddStartIds', '10.0.15');

COMMIT;

