using System.Globalization;

namespace ProbSig.Cli.Options;

/// <summary>
/// Sizes checked against the machine before any work, so that a typo (--numbers 20000,
/// --samples 2000000000) ends at once with exit 2 and a line naming the option, instead of
/// a hang that grows to gigabytes or an OutOfMemoryException.
/// </summary>
internal static class MemoryBudget
{
    /// <summary>A run may plan on at most this share of the memory available to the process.</summary>
    public const double Share = 0.5;

    /// <summary>Memory available to this process (the GC's view: the machine's, or a container limit).</summary>
    public static long AvailableBytes => GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;

    /// <summary>Refuses <paramref name="option"/> when the work it asks for needs more than <see cref="Share"/> of the available memory.</summary>
    /// <param name="option">The option, as typed.</param>
    /// <param name="value">Its value, as typed.</param>
    /// <param name="bytes">The estimated memory of the work.</param>
    /// <param name="what">What the estimate counts, for the message.</param>
    public static void Check(string option, string value, double bytes, string what)
    {
        double allowed = Share * AvailableBytes;
        if (bytes > allowed)
            throw new CliUsageException(option, value,
                string.Create(CultureInfo.InvariantCulture, $"needs about {Gib(bytes)} ({what}); this machine allows {Gib(allowed)} (half of {Gib(AvailableBytes)} available)"));
    }

    private static string Gib(double bytes) => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1L << 30):0.#} GiB");
}
