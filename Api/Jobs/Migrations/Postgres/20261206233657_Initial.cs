using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Queues.Api.Jobs.Migrations.Postgres
{
    // The squash of the migrations in BeforeInitial.sql. The defaults of Deferrals, Priority, SearchText, StartIds and
    // WebhookAttempts are not in the model: the old chain added those columns to tables with rows and left the defaults,
    // so they are kept here for every database to have the same schema (SquashedSchemaTests).
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "api_keys",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Hash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Tenant = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Role = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    RevokedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    UploadsPerSecond = table.Column<int>(type: "integer", nullable: true),
                    MaxJobsInFlight = table.Column<int>(type: "integer", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_api_keys", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "app_secrets",
                columns: table => new
                {
                    Name = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Value = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_app_secrets", x => x.Name);
                });

            migrationBuilder.CreateTable(
                name: "jobs",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    State = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Tenant = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false, defaultValue: "default"),
                    OriginalKey = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    OriginalFileName = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: true),
                    OriginalContentType = table.Column<string>(type: "text", nullable: false),
                    OriginalSizeBytes = table.Column<long>(type: "bigint", nullable: false),
                    OriginalWidth = table.Column<int>(type: "integer", nullable: false),
                    OriginalHeight = table.Column<int>(type: "integer", nullable: false),
                    Operations = table.Column<string[]>(type: "text[]", nullable: false),
                    SearchText = table.Column<string>(type: "character varying(600)", maxLength: 600, nullable: false, defaultValue: ""),
                    Priority = table.Column<int>(type: "integer", nullable: false, defaultValue: 1),
                    OutputFormat = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    Quality = table.Column<int>(type: "integer", nullable: false),
                    Attempts = table.Column<int>(type: "integer", nullable: false),
                    StartIds = table.Column<string>(type: "text", nullable: false, defaultValue: ""),
                    Deferrals = table.Column<int>(type: "integer", nullable: false, defaultValue: 0),
                    NotBefore = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    WorkerId = table.Column<string>(type: "text", nullable: true),
                    QueuedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    StartedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    FinishedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    ProcessingMs = table.Column<double>(type: "double precision", nullable: true),
                    ResultKey = table.Column<string>(type: "text", nullable: true),
                    ResultContentType = table.Column<string>(type: "text", nullable: true),
                    ResultWidth = table.Column<int>(type: "integer", nullable: true),
                    ResultHeight = table.Column<int>(type: "integer", nullable: true),
                    ResultSizeBytes = table.Column<long>(type: "bigint", nullable: true),
                    ResultBlurHash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    ResultDominantColour = table.Column<string>(type: "character varying(7)", maxLength: 7, nullable: true),
                    Renditions = table.Column<string>(type: "text", nullable: true),
                    PreviewKey = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    FailureKind = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    FailureReason = table.Column<string>(type: "text", nullable: true),
                    PublishedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    NotifiedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    DispatchLeaseOwner = table.Column<Guid>(type: "uuid", nullable: true),
                    DispatchLeaseUntil = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    CallbackUrl = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    WebhookAttempts = table.Column<int>(type: "integer", nullable: false, defaultValue: 0),
                    WebhookLastStatus = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    WebhookLastAttemptAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    WebhookDeliveredAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    TraceParent = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_jobs", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "leases",
                columns: table => new
                {
                    Name = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Holder = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    ExpiresAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_leases", x => x.Name);
                });

            migrationBuilder.CreateTable(
                name: "processing_pause",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false),
                    Paused = table.Column<bool>(type: "boolean", nullable: false),
                    Since = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    By = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_processing_pause", x => x.Id);
                });

            migrationBuilder.InsertData(
                table: "processing_pause",
                columns: new[] { "Id", "By", "Paused", "Since" },
                values: new object[] { 1, null, false, null });

            migrationBuilder.CreateIndex(
                name: "IX_api_keys_Hash",
                table: "api_keys",
                column: "Hash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_jobs_FinishedAt",
                table: "jobs",
                column: "FinishedAt");

            migrationBuilder.CreateIndex(
                name: "IX_jobs_NotifiedAt_State",
                table: "jobs",
                columns: new[] { "NotifiedAt", "State" });

            migrationBuilder.CreateIndex(
                name: "IX_jobs_PublishedAt_State",
                table: "jobs",
                columns: new[] { "PublishedAt", "State" });

            migrationBuilder.CreateIndex(
                name: "IX_jobs_QueuedAt_Id",
                table: "jobs",
                columns: new[] { "QueuedAt", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_jobs_SearchText_State_QueuedAt_Id",
                table: "jobs",
                columns: new[] { "SearchText", "State", "QueuedAt", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_jobs_State_FailureKind_FinishedAt",
                table: "jobs",
                columns: new[] { "State", "FailureKind", "FinishedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_jobs_State_FinishedAt",
                table: "jobs",
                columns: new[] { "State", "FinishedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_jobs_State_QueuedAt_Id",
                table: "jobs",
                columns: new[] { "State", "QueuedAt", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_jobs_Tenant_State",
                table: "jobs",
                columns: new[] { "Tenant", "State" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "api_keys");

            migrationBuilder.DropTable(
                name: "app_secrets");

            migrationBuilder.DropTable(
                name: "jobs");

            migrationBuilder.DropTable(
                name: "leases");

            migrationBuilder.DropTable(
                name: "processing_pause");
        }
    }
}
