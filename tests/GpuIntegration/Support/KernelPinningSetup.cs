using System.Runtime.CompilerServices;

namespace ProbSig.Tests.GpuIntegration.Support;

/// <summary>Pins libtorch's CPU kernels before any test can make a tensor (see KernelPinning).</summary>
internal static class KernelPinningSetup
{
#pragma warning disable CA2255 // The test assembly's first code must pin the kernels.
    [ModuleInitializer]
    internal static void Pin() => ProbSig.Empirics.Runtime.KernelPinning.Apply();
#pragma warning restore CA2255
}
