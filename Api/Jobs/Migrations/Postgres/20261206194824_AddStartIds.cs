using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Queues.Api.Jobs.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class AddStartIds : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "StartIds",
                table: "jobs",
                type: "text",
                nullable: false,
                defaultValue: "");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "StartIds",
                table: "jobs");
        }
    }
}
