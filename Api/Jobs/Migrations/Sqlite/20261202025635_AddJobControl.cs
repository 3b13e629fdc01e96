using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Queues.Api.Jobs.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AddJobControl : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "Priority",
                table: "jobs",
                type: "INTEGER",
                nullable: false,
                defaultValue: 1); // Normal

            migrationBuilder.AddColumn<string>(
                name: "SearchText",
                table: "jobs",
                type: "TEXT",
                maxLength: 600,
                nullable: false,
                defaultValue: "");

            // Jobs from before the search: their file name, operations and failure reason, as SearchTexts writes them.
            migrationBuilder.Sql("""
                UPDATE jobs SET "SearchText" = substr(lower(trim(coalesce("OriginalFileName", '') || ' ' || replace(replace(replace("Operations", '["', ''), '"]', ''), '","', ',')) || coalesce(' | ' || "FailureReason", '')), 1, 600)
                """);

            migrationBuilder.CreateIndex(
                name: "IX_jobs_SearchText_State_QueuedAt_Id",
                table: "jobs",
                columns: new[] { "SearchText", "State", "QueuedAt", "Id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_jobs_SearchText_State_QueuedAt_Id",
                table: "jobs");

            migrationBuilder.DropColumn(
                name: "Priority",
                table: "jobs");

            migrationBuilder.DropColumn(
                name: "SearchText",
                table: "jobs");
        }
    }
}
