using System.Text.Json.Serialization;
using Queues.Api;
using Queues.Api.Access;
using Queues.Api.Broker;
using Queues.Api.Classic;
using Queues.Api.Dashboard;
using Queues.Api.Jobs;
using Queues.Api.Lab;
using Queues.Api.Observability;
using Queues.Api.OpenApi;
using Queues.Api.Processing;
using Queues.Api.Uploads;
using Queues.ServiceDefaults;
using Queues.ServiceDefaults.Storage;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddObjectStore();
builder.AddJobsDatabase();
builder.AddTimeline();
builder.AddJobs();
builder.AddBatches();
builder.AddRetention();
builder.AddUploads();
builder.AddPipeline();
builder.AddProcessingControl();
builder.AddDashboard();
builder.AddLab();
builder.AddApiMetrics();
builder.AddApiDocs();
builder.AddAccess();
builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));

var app = builder.Build();
if (await app.RunMigrateCommandAsync(args) || await app.RunKeysCommandAsync(args)) return;
await app.PrepareJobsDatabaseAsync();
await app.PrepareProcessingAsync();
await app.PrepareLinkSigningAsync();
await app.EnsureOperatorKeyAsync();

app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseDashboard();
app.UseSwaggerUI(o => o.SwaggerEndpoint("/openapi/v1.json", "Queues API"));
app.UseAccess();
app.UseUploadLimits();
app.MapOpenApi().Open();
app.MapDefaultEndpoints(probes => probes.Open(), diagnostics => diagnostics.OperatorOnly());
app.MapKeys();
app.MapAccess();
app.MapImageJobs();
app.MapJobControl();
app.MapJobBulk();
app.MapJobTimeline();
app.MapBatches();
app.MapBroker();
app.MapClassicApi();
app.MapDashboard();
app.MapPipeline();
app.MapProcessing();
app.MapLab();

app.Run();

public partial class Program;
