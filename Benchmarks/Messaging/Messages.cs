using Queues.Contracts;

namespace Queues.Benchmarks.Messaging;

/// <summary>The command every variant sends: a real <see cref="ProcessImage"/>, the size a job's is.</summary>
static class Messages
{
    public static ProcessImage Job(int i) => new(Guid.CreateVersion7(), $"originals/{Guid.NewGuid()}.jpg",
        ["resize:320x320:fit", "grayscale"], "jpeg", 85, DateTime.UtcNow);

    /// <summary>Counts consumed messages and completes when the expected number has arrived.</summary>
    public sealed class Counter
    {
        int count, expected = int.MaxValue;
        TaskCompletionSource done = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Done => done.Task;

        public void Expect(int messages)
        {
            (count, expected) = (0, messages);
            done = new(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        public void Consumed()
        {
            if (Interlocked.Increment(ref count) == expected) done.TrySetResult();
        }
    }
}
