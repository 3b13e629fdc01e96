using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Queues.Api.Jobs.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Batches : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "BatchId",
                table: "jobs",
                type: "uuid",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "batches",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Tenant = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    FinishedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    Total = table.Column<int>(type: "integer", nullable: false),
                    CallbackUrl = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    NotifiedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    DispatchLeaseOwner = table.Column<Guid>(type: "uuid", nullable: true),
                    DispatchLeaseUntil = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    WebhookAttempts = table.Column<int>(type: "integer", nullable: false),
                    WebhookLastStatus = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    WebhookLastAttemptAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    WebhookDeliveredAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_batches", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_jobs_BatchId_State",
                table: "jobs",
                columns: new[] { "BatchId", "State" });

            migrationBuilder.CreateIndex(
                name: "IX_batches_FinishedAt",
                table: "batches",
                column: "FinishedAt");

            migrationBuilder.CreateIndex(
                name: "IX_batches_NotifiedAt_FinishedAt",
                table: "batches",
                columns: new[] { "NotifiedAt", "FinishedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_batches_Tenant_CreatedAt_Id",
                table: "batches",
                columns: new[] { "Tenant", "CreatedAt", "Id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "batches");

            migrationBuilder.DropIndex(
                name: "IX_jobs_BatchId_State",
                table: "jobs");

            migrationBuilder.DropColumn(
                name: "BatchId",
                table: "jobs");
        }
    }
}
