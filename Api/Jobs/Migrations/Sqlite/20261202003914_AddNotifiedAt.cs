using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Queues.Api.Jobs.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AddNotifiedAt : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "NotifiedAt",
                table: "jobs",
                type: "TEXT",
                nullable: true);

            // Jobs that ended before this column existed were announced then (by the notifier's own consumers):
            // mark them announced, or the outbox would announce every old job again after the upgrade.
            migrationBuilder.Sql("UPDATE jobs SET \"NotifiedAt\" = \"FinishedAt\" WHERE \"State\" IN ('Completed', 'Failed')");

            migrationBuilder.CreateIndex(
                name: "IX_jobs_NotifiedAt_State",
                table: "jobs",
                columns: new[] { "NotifiedAt", "State" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_jobs_NotifiedAt_State",
                table: "jobs");

            migrationBuilder.DropColumn(
                name: "NotifiedAt",
                table: "jobs");
        }
    }
}
