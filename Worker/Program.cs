using Queues.ServiceDefaults;
using Queues.ServiceDefaults.Messaging;
using Queues.ServiceDefaults.Storage;
using Queues.Worker;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddObjectStore();
builder.AddImageWorker();
builder.AddQueuesBus(bus => bus.AddImageWorker());

var app = builder.Build();
app.MapDefaultEndpoints();
app.Run();

// Internal: the API references this project, and its own Program is the one tests host.
internal partial class Program;
