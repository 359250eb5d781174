using System.CommandLine;
using ProbSig.Empirics.Runtime;

namespace ProbSig.Cli.Options;

/// <summary>--device, the same for every verb that runs torch (train, verify, lm train, lm logits).</summary>
internal static class DeviceOption
{
    /// <summary>The option, with the help text every verb shows.</summary>
    public static Option<string> Create(string description = "cpu or cuda.") => new("--device") { Description = description, DefaultValueFactory = _ => "cpu" };

    /// <summary>The device name, checked (by <see cref="TorchRuntime.CheckDevice"/>, as the
    /// models check their configs) before any work starts, so a missing GPU is one line, exit 2.</summary>
    public static string Parse(string? text)
    {
        var device = text ?? "cpu";
        try
        {
            return TorchRuntime.CheckDevice(device);
        }
        catch (ArgumentException e)
        {
            throw CliUsageException.For("--device", device, e);
        }
    }
}
