using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Queues.Api.Jobs.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class IndexesForLargeTables : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_jobs_QueuedAt",
                table: "jobs");

            migrationBuilder.DropIndex(
                name: "IX_jobs_State_QueuedAt",
                table: "jobs");

            migrationBuilder.CreateIndex(
                name: "IX_jobs_FinishedAt",
                table: "jobs",
                column: "FinishedAt");

            migrationBuilder.CreateIndex(
                name: "IX_jobs_QueuedAt_Id",
                table: "jobs",
                columns: new[] { "QueuedAt", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_jobs_State_FinishedAt",
                table: "jobs",
                columns: new[] { "State", "FinishedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_jobs_State_QueuedAt_Id",
                table: "jobs",
                columns: new[] { "State", "QueuedAt", "Id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_jobs_FinishedAt",
                table: "jobs");

            migrationBuilder.DropIndex(
                name: "IX_jobs_QueuedAt_Id",
                table: "jobs");

            migrationBuilder.DropIndex(
                name: "IX_jobs_State_FinishedAt",
                table: "jobs");

            migrationBuilder.DropIndex(
                name: "IX_jobs_State_QueuedAt_Id",
                table: "jobs");

            migrationBuilder.CreateIndex(
                name: "IX_jobs_QueuedAt",
                table: "jobs",
                column: "QueuedAt");

            migrationBuilder.CreateIndex(
                name: "IX_jobs_State_QueuedAt",
                table: "jobs",
                columns: new[] { "State", "QueuedAt" });
        }
    }
}
