using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Queues.Api.Jobs.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Baseline : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "jobs",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    State = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    OriginalKey = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    OriginalFileName = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: true),
                    OriginalContentType = table.Column<string>(type: "text", nullable: false),
                    OriginalSizeBytes = table.Column<long>(type: "bigint", nullable: false),
                    OriginalWidth = table.Column<int>(type: "integer", nullable: false),
                    OriginalHeight = table.Column<int>(type: "integer", nullable: false),
                    Operations = table.Column<string[]>(type: "text[]", nullable: false),
                    OutputFormat = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    Quality = table.Column<int>(type: "integer", nullable: false),
                    Attempts = table.Column<int>(type: "integer", nullable: false),
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
                    FailureReason = table.Column<string>(type: "text", nullable: true),
                    PublishedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    DispatchLeaseOwner = table.Column<Guid>(type: "uuid", nullable: true),
                    DispatchLeaseUntil = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    TraceParent = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_jobs", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_jobs_PublishedAt_State",
                table: "jobs",
                columns: new[] { "PublishedAt", "State" });

            migrationBuilder.CreateIndex(
                name: "IX_jobs_QueuedAt",
                table: "jobs",
                column: "QueuedAt");

            migrationBuilder.CreateIndex(
                name: "IX_jobs_State_QueuedAt",
                table: "jobs",
                columns: new[] { "State", "QueuedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "jobs");
        }
    }
}
