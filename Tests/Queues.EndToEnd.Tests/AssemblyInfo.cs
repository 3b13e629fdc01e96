// Each collection starts a whole system (a RabbitMQ node, an S3 server, four processes); on a 2-core machine
// two of them at once starve each other and race for ports, so they run one after another.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
