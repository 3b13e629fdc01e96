using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Queues.Api.Jobs.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class AddRenditions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "PreviewKey",
                table: "jobs",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Renditions",
                table: "jobs",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ResultBlurHash",
                table: "jobs",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ResultDominantColour",
                table: "jobs",
                type: "character varying(7)",
                maxLength: 7,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "PreviewKey",
                table: "jobs");

            migrationBuilder.DropColumn(
                name: "Renditions",
                table: "jobs");

            migrationBuilder.DropColumn(
                name: "ResultBlurHash",
                table: "jobs");

            migrationBuilder.DropColumn(
                name: "ResultDominantColour",
                table: "jobs");
        }
    }
}
