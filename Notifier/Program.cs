using Queues.Components.Notifications;
using Queues.ServiceDefaults;
using Queues.ServiceDefaults.Messaging;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddNotifier();
builder.AddQueuesBus(bus => bus.AddNotifier());

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapPipelineStats();
app.Run();
