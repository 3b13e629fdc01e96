using Queues.Components.Processing;
using Queues.ServiceDefaults;
using Queues.ServiceDefaults.Messaging;
using Queues.ServiceDefaults.Storage;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddObjectStore();
builder.AddImageWorker();
builder.AddQueuesBus(bus => bus.AddImageWorker(builder.IsStandalone()));

var app = builder.Build();
app.MapDefaultEndpoints();
app.Run();
