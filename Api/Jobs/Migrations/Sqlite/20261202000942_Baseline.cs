using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Queues.Api.Jobs.Migrations.Sqlite
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
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    State = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    OriginalKey = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    OriginalFileName = table.Column<string>(type: "TEXT", maxLength: 255, nullable: true),
                    OriginalContentType = table.Column<string>(type: "TEXT", nullable: false),
                    OriginalSizeBytes = table.Column<long>(type: "INTEGER", nullable: false),
                    OriginalWidth = table.Column<int>(type: "INTEGER", nullable: false),
                    OriginalHeight = table.Column<int>(type: "INTEGER", nullable: false),
                    Operations = table.Column<string>(type: "TEXT", nullable: false),
                    OutputFormat = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    Quality = table.Column<int>(type: "INTEGER", nullable: false),
                    Attempts = table.Column<int>(type: "INTEGER", nullable: false),
                    WorkerId = table.Column<string>(type: "TEXT", nullable: true),
                    QueuedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    StartedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    FinishedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    ProcessingMs = table.Column<double>(type: "REAL", nullable: true),
                    ResultKey = table.Column<string>(type: "TEXT", nullable: true),
                    ResultContentType = table.Column<string>(type: "TEXT", nullable: true),
                    ResultWidth = table.Column<int>(type: "INTEGER", nullable: true),
                    ResultHeight = table.Column<int>(type: "INTEGER", nullable: true),
                    ResultSizeBytes = table.Column<long>(type: "INTEGER", nullable: true),
                    FailureReason = table.Column<string>(type: "TEXT", nullable: true),
                    PublishedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    DispatchLeaseOwner = table.Column<Guid>(type: "TEXT", nullable: true),
                    DispatchLeaseUntil = table.Column<DateTime>(type: "TEXT", nullable: true),
                    TraceParent = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true)
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
