using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Queues.Api.Jobs.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class DeadLetterStatsIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_jobs_State_FailureKind_FinishedAt",
                table: "jobs",
                columns: new[] { "State", "FailureKind", "FinishedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_jobs_State_FailureKind_FinishedAt",
                table: "jobs");
        }
    }
}
