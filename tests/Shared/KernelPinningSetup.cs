using System.Runtime.CompilerServices;

namespace ProbSig.Tests.Shared;

/// <summary>
/// Pins libtorch's CPU kernels before any test can make a tensor (see KernelPinning): a
/// test that calls TorchSharp before touching an Empirics type would otherwise let ATen
/// choose its kernels first. One file, compiled into every test project (linked by each
/// csproj).
/// </summary>
internal static class KernelPinningSetup
{
#pragma warning disable CA2255 // The test assembly's first code must pin the kernels.
    [ModuleInitializer]
    internal static void Pin() => ProbSig.Empirics.Runtime.KernelPinning.Apply();
#pragma warning restore CA2255
}
