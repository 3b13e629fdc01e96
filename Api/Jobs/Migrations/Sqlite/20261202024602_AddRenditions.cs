using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Queues.Api.Jobs.Migrations.Sqlite
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
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Renditions",
                table: "jobs",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ResultBlurHash",
                table: "jobs",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ResultDominantColour",
                table: "jobs",
                type: "TEXT",
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
