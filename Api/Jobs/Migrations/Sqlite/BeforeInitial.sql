-- The schema's migrations before they were squashed into Initial (main at 63bb6e1), as `dotnet ef migrations script`
-- wrote them; only the ';' their two hand-written UPDATEs lacked is added. Databases made before Initial are brought
-- up to date from here (HistoryAdoption.cs), and the upgrade tests make today's-main databases with it. Never edit.

CREATE TABLE IF NOT EXISTS "__EFMigrationsHistory" (
    "MigrationId" TEXT NOT NULL CONSTRAINT "PK___EFMigrationsHistory" PRIMARY KEY,
    "ProductVersion" TEXT NOT NULL
);

BEGIN TRANSACTION;
CREATE TABLE "jobs" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_jobs" PRIMARY KEY,
    "State" TEXT NOT NULL,
    "OriginalKey" TEXT NOT NULL,
    "OriginalFileName" TEXT NULL,
    "OriginalContentType" TEXT NOT NULL,
    "OriginalSizeBytes" INTEGER NOT NULL,
    "OriginalWidth" INTEGER NOT NULL,
    "OriginalHeight" INTEGER NOT NULL,
    "Operations" TEXT NOT NULL,
    "OutputFormat" TEXT NOT NULL,
    "Quality" INTEGER NOT NULL,
    "Attempts" INTEGER NOT NULL,
    "WorkerId" TEXT NULL,
    "QueuedAt" TEXT NOT NULL,
    "StartedAt" TEXT NULL,
    "FinishedAt" TEXT NULL,
    "ProcessingMs" REAL NULL,
    "ResultKey" TEXT NULL,
    "ResultContentType" TEXT NULL,
    "ResultWidth" INTEGER NULL,
    "ResultHeight" INTEGER NULL,
    "ResultSizeBytes" INTEGER NULL,
    "FailureReason" TEXT NULL,
    "PublishedAt" TEXT NULL,
    "DispatchLeaseOwner" TEXT NULL,
    "DispatchLeaseUntil" TEXT NULL,
    "TraceParent" TEXT NULL
);

CREATE INDEX "IX_jobs_PublishedAt_State" ON "jobs" ("PublishedAt", "State");

CREATE INDEX "IX_jobs_QueuedAt" ON "jobs" ("QueuedAt");

CREATE INDEX "IX_jobs_State_QueuedAt" ON "jobs" ("State", "QueuedAt");

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261202000942_Baseline', '10.0.15');

COMMIT;

BEGIN TRANSACTION;
ALTER TABLE "jobs" ADD "FailureKind" TEXT NULL;

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261202001108_AddFailureKind', '10.0.15');

COMMIT;

BEGIN TRANSACTION;
ALTER TABLE "jobs" ADD "NotifiedAt" TEXT NULL;

UPDATE jobs SET "NotifiedAt" = "FinishedAt" WHERE "State" IN ('Completed', 'Failed');

CREATE INDEX "IX_jobs_NotifiedAt_State" ON "jobs" ("NotifiedAt", "State");

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261202003914_AddNotifiedAt', '10.0.15');

COMMIT;

BEGIN TRANSACTION;
ALTER TABLE "jobs" ADD "Deferrals" INTEGER NOT NULL DEFAULT 0;

ALTER TABLE "jobs" ADD "NotBefore" TEXT NULL;

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261202005900_AddDeferral', '10.0.15');

COMMIT;

BEGIN TRANSACTION;
ALTER TABLE "jobs" ADD "PreviewKey" TEXT NULL;

ALTER TABLE "jobs" ADD "Renditions" TEXT NULL;

ALTER TABLE "jobs" ADD "ResultBlurHash" TEXT NULL;

ALTER TABLE "jobs" ADD "ResultDominantColour" TEXT NULL;

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261202024602_AddRenditions', '10.0.15');

COMMIT;

BEGIN TRANSACTION;
ALTER TABLE "jobs" ADD "Tenant" TEXT NOT NULL DEFAULT 'default';

CREATE TABLE "api_keys" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_api_keys" PRIMARY KEY,
    "Hash" TEXT NOT NULL,
    "Tenant" TEXT NOT NULL,
    "Role" TEXT NOT NULL,
    "Name" TEXT NULL,
    "CreatedAt" TEXT NOT NULL,
    "RevokedAt" TEXT NULL,
    "UploadsPerSecond" INTEGER NULL,
    "MaxJobsInFlight" INTEGER NULL
);

CREATE TABLE "app_secrets" (
    "Name" TEXT NOT NULL CONSTRAINT "PK_app_secrets" PRIMARY KEY,
    "Value" TEXT NOT NULL
);

CREATE INDEX "IX_jobs_Tenant_State" ON "jobs" ("Tenant", "State");

CREATE UNIQUE INDEX "IX_api_keys_Hash" ON "api_keys" ("Hash");

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261202025407_AccessControl', '10.0.15');

COMMIT;

BEGIN TRANSACTION;
ALTER TABLE "jobs" ADD "Priority" INTEGER NOT NULL DEFAULT 1;

ALTER TABLE "jobs" ADD "SearchText" TEXT NOT NULL DEFAULT '';

UPDATE jobs SET "SearchText" = substr(lower(trim(coalesce("OriginalFileName", '') || ' ' || replace(replace(replace("Operations", '["', ''), '"]', ''), '","', ',')) || coalesce(' | ' || "FailureReason", '')), 1, 600);

CREATE INDEX "IX_jobs_SearchText_State_QueuedAt_Id" ON "jobs" ("SearchText", "State", "QueuedAt", "Id");

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261202025635_AddJobControl', '10.0.15');

COMMIT;

BEGIN TRANSACTION;
DROP INDEX "IX_jobs_QueuedAt";

DROP INDEX "IX_jobs_State_QueuedAt";

CREATE INDEX "IX_jobs_FinishedAt" ON "jobs" ("FinishedAt");

CREATE INDEX "IX_jobs_QueuedAt_Id" ON "jobs" ("QueuedAt", "Id");

CREATE INDEX "IX_jobs_State_FinishedAt" ON "jobs" ("State", "FinishedAt");

CREATE INDEX "IX_jobs_State_QueuedAt_Id" ON "jobs" ("State", "QueuedAt", "Id");

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261202030228_IndexesForLargeTables', '10.0.15');

COMMIT;

BEGIN TRANSACTION;
CREATE INDEX "IX_jobs_State_FailureKind_FinishedAt" ON "jobs" ("State", "FailureKind", "FinishedAt");

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261202055909_DeadLetterStatsIndex', '10.0.15');

COMMIT;

BEGIN TRANSACTION;
CREATE TABLE "leases" (
    "Name" TEXT NOT NULL CONSTRAINT "PK_leases" PRIMARY KEY,
    "Holder" TEXT NOT NULL,
    "ExpiresAt" TEXT NOT NULL
);

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261202060452_AddRetentionLease', '10.0.15');

COMMIT;

BEGIN TRANSACTION;
CREATE TABLE "processing_pause" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_processing_pause" PRIMARY KEY,
    "Paused" INTEGER NOT NULL,
    "Since" TEXT NULL,
    "By" TEXT NULL
);

INSERT INTO "processing_pause" ("Id", "By", "Paused", "Since")
VALUES (1, NULL, 0, NULL);
SELECT changes();


INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261202060538_AddProcessingPause', '10.0.15');

COMMIT;

BEGIN TRANSACTION;
ALTER TABLE "jobs" ADD "CallbackUrl" TEXT NULL;

ALTER TABLE "jobs" ADD "WebhookAttempts" INTEGER NOT NULL DEFAULT 0;

ALTER TABLE "jobs" ADD "WebhookDeliveredAt" TEXT NULL;

ALTER TABLE "jobs" ADD "WebhookLastAttemptAt" TEXT NULL;

ALTER TABLE "jobs" ADD "WebhookLastStatus" TEXT NULL;

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261202060733_AddWebhookDeliveries', '10.0.15');

COMMIT;

BEGIN TRANSACTION;
ALTER TABLE "jobs" ADD "StartIds" TEXT NOT NULL DEFAULT '';

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261206194820_AddStartIds', '10.0.15');

COMMIT;

