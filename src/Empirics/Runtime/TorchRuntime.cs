using System.Runtime.InteropServices;
using TorchSharp;

namespace ProbSig.Empirics.Runtime;

/// <summary>
/// One place that prepares libtorch for a process: loads the native library with a
/// clear error, sets the thread count, and (on Linux) tunes glibc malloc so that large
/// training temporaries are not returned to the kernel after every step.
/// </summary>
public static class TorchRuntime
{
    private static readonly object Gate = new();
    private static bool initialised;

    [DllImport("libc", EntryPoint = "mallopt")]
    private static extern int MallOpt(int param, int value);

    private const int MTrimThreshold = -1;
    private const int MTopPad = -2;
    private const int MMmapThreshold = -3;

    /// <summary>Initialise once per process; later calls are no-ops.</summary>
    /// <param name="threads">Intra-op threads; null means the core count.</param>
    public static void Initialise(int? threads = null)
    {
        lock (Gate)
        {
            if (initialised) return;
            KernelCapability = KernelPinning.Apply();
            if (OperatingSystem.IsLinux())
            {
                try
                {
                    // Keep big buffers on the heap instead of mmap/munmap per step
                    // (measured: about a third of CPU training time otherwise).
                    MallOpt(MMmapThreshold, 1 << 30);
                    MallOpt(MTrimThreshold, 1 << 30);
                    MallOpt(MTopPad, 256 << 20);
                }
                catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
                {
                    // Not glibc: leave the allocator as it is.
                }
            }
            try
            {
                torch.InitializeDeviceType(DeviceType.CPU);
            }
            catch (Exception e)
            {
                throw new InvalidOperationException(
                    "libtorch could not be loaded. On Linux run `ldd` on libLibTorchSharp.so in the " +
                    "output folder to see the missing dependency; the build patches the GLIBCXX_3.4.32 " +
                    "need only after `dotnet build`. Inner error: " + e.Message, e);
            }
            torch.set_num_threads(threads ?? Environment.ProcessorCount);
            initialised = true;
        }
    }

    /// <summary>The CPU kernels libtorch was asked for ("avx2", a value the user set, or
    /// "native" when none was pinned); see <see cref="KernelPinning"/>.</summary>
    public static string KernelCapability { get; private set; } = "native";

    /// <summary>
    /// A device name as a model config or the command line gives it ("cpu", "cuda" or
    /// "cuda:N"), checked in one place: the form, and for CUDA that a device is usable
    /// from this process (CUDA is probed only then, so CPU runs never touch it).
    /// </summary>
    /// <returns>The name, unchanged.</returns>
    /// <exception cref="ArgumentException">Another name, or CUDA asked for but not usable.</exception>
    public static string CheckDevice(string? device)
    {
        if (device is null || !(device == "cpu" || device == "cuda" || device.StartsWith("cuda:", StringComparison.Ordinal)))
            throw new ArgumentException($"'{device}' is not a device: use cpu, cuda or cuda:N", nameof(device));
        if (device != "cpu" && !CudaAvailable())
            throw new ArgumentException("no CUDA device is usable from this process (the default build uses the CPU libtorch)", nameof(device));
        return device;
    }

    /// <summary>True when a CUDA device is usable from this process.</summary>
    public static bool CudaAvailable()
    {
        Initialise();
        try { return torch.cuda.is_available(); }
        catch (Exception) { return false; }
    }
}
