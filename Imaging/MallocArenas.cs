using System.Runtime.InteropServices;

namespace Queues.Imaging;

/// <summary>
/// glibc gives each thread that allocates at once an arena of its own, up to 8 per core, and keeps their freed
/// memory. libvips' worker threads spread a decode's buffers over many of them, so a worker's resident memory
/// grows with arenas, not with images. Two arenas took 11 % off a worker's peak (BENCHMARKS.md, section 6).
/// This is <c>MALLOC_ARENA_MAX</c> set from inside, so that every way of starting a worker gets it.
/// </summary>
static class MallocArenas
{
    const int ArenaMax = -8;   // M_ARENA_MAX in malloc.h

    /// <summary>Limits the arenas unless the environment already says how many; false where there is no glibc (musl, other OSes).</summary>
    public static bool Limit(int arenas)
    {
        if (!OperatingSystem.IsLinux() || Environment.GetEnvironmentVariable("MALLOC_ARENA_MAX") is not null) return false;
        try
        {
            return mallopt(ArenaMax, arenas) == 1;
        }
        catch (EntryPointNotFoundException)
        {
            return false;
        }
        catch (DllNotFoundException)
        {
            return false;
        }
    }

    [DllImport("libc", EntryPoint = "mallopt")]
    static extern int mallopt(int param, int value);
}
