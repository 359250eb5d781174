using System.CommandLine;
using System.Globalization;
using ProbSig.Cli.Report;
using ProbSig.Theory.Populations;
using ProbSig.Theory.Tasks;

namespace ProbSig.Cli.Options;

/// <summary>
/// The composite addition task options shared by every verb (THEORY 5), and their
/// translation into a <see cref="CompositeAdditionConfig"/>. Parsing only: the task
/// validates itself, and its errors name the parameter.
/// </summary>
internal sealed class TaskOptions
{
    public Option<int> Numbers { get; } = new("--numbers") { Description = "Number tokens 0..N-1 (also the classes).", DefaultValueFactory = _ => 100 };
    public Option<string> Keys { get; } = new("--keys") { Description = "Key range as MIN..MAX, inclusive.", DefaultValueFactory = _ => "20..59" };
    public Option<string> Anchors { get; } = new("--anchors") { Description = "Anchor values, comma separated (A1, A2, ...). Write --anchors=-2,5 when the first is negative.", DefaultValueFactory = _ => "5,1,-2,-8" };
    public Option<int> AnchorPositions { get; } = new("--anchor-positions") { Description = "Anchor positions P per sequence.", DefaultValueFactory = _ => 2 };
    public Option<string?> KeyWeights { get; } = new("--key-weights") { Description = "One weight per key, comma separated (default uniform)." };
    public Option<string> Label { get; } = new("--label") { Description = "Label function: sum, or sum-mod (labels wrap modulo N).", DefaultValueFactory = _ => "sum" };
    public Option<string[]> Overrides { get; } = new("--override") { Description = "Pair override A4,A3=-6: that ordered anchor tuple gives label key + c (repeatable).", AllowMultipleArgumentsPerToken = false };
    public Option<string> Features { get; } = new("--features") { Description = "Feature map: counts, presence or position.", DefaultValueFactory = _ => "counts" };
    public Option<int?> Samples { get; } = new("--samples") { Description = "Use N sequences drawn from the task instead of the exact distribution." };
    public Option<int> Seed { get; } = new("--seed") { Description = "Seed for --samples.", DefaultValueFactory = _ => 0 };

    public void AddTo(Command command)
    {
        foreach (var o in new Option[] { Numbers, Keys, Anchors, AnchorPositions, KeyWeights, Label, Overrides, Features, Samples, Seed })
            command.Add(o);
    }

    /// <summary>The task configuration the options describe.</summary>
    public CompositeAdditionConfig ToConfig(ParseResult r)
    {
        var (kmin, kmax) = ParseRange(r.GetValue(Keys) ?? "", "--keys");
        var anchors = ParseInts(r.GetValue(Anchors) ?? "", "--anchors");
        var labelText = r.GetValue(Label) ?? "sum";
        var label = labelText switch
        {
            "sum" => LabelRule.Sum,
            "sum-mod" or "mod" => LabelRule.SumModulo,
            _ => throw new CliUsageException("--label", labelText, "expected sum or sum-mod"),
        };
        IReadOnlyList<double>? weights = null;
        var wText = r.GetValue(KeyWeights);
        if (wText is not null) weights = ParseDoubles(wText, "--key-weights");
        var overrides = (r.GetValue(Overrides) ?? System.Array.Empty<string>())
            .Select(o => ParseOverride(o, anchors.Count)).ToArray();
        // The closed form, the signatures and the models keep several dense V x V float64
        // matrices (Sigma, the kernel, the cosines, the decomposition's workspace): eight is
        // the estimate, checked before any work.
        int numbers = r.GetValue(Numbers);
        double vocabulary = (double)numbers + anchors.Count;
        MemoryBudget.Check("--numbers", Fmt.Text(numbers), 8 * vocabulary * vocabulary * sizeof(double),
            "eight dense V x V float64 matrices over its vocabulary");
        return new CompositeAdditionConfig
        {
            Numbers = numbers,
            KeyMin = kmin,
            KeyMax = kmax,
            AnchorValues = anchors,
            AnchorPositions = r.GetValue(AnchorPositions),
            KeyWeights = weights,
            Label = label,
            Overrides = overrides,
        };
    }

    /// <summary>The population the options describe: exact, or a seeded sample of it.</summary>
    public Population ToPopulation(ParseResult r, CompositeAdditionTask task)
    {
        var n = r.GetValue(Samples);
        if (n is null) return task.Population;
        if (n <= 0) throw new CliUsageException("--samples", Fmt.Text(n.Value), "must be a positive number of sequences");
        // Each drawn sequence is held as its token ids, label and weight (about 64 bytes plus
        // 4 a token) while the sample is built.
        MemoryBudget.Check("--samples", Fmt.Text(n.Value), (double)n.Value * (64 + 4 * (1 + task.Config.AnchorPositions)),
            "the drawn sequences held while the sample is built");
        return task.Sample(n.Value, r.GetValue(Seed));
    }

    /// <summary>The feature map named by --features.</summary>
    public FeatureMap ToFeatureMap(ParseResult r, Population population)
    {
        var text = r.GetValue(Features) ?? "counts";
        var kind = text switch
        {
            "counts" => FeatureKind.Counts,
            "presence" => FeatureKind.Presence,
            "position" or "position-resolved" => FeatureKind.PositionResolved,
            _ => throw new CliUsageException("--features", text, "expected counts, presence or position"),
        };
        return FeatureMap.For(kind, population);
    }

    internal static (int Min, int Max) ParseRange(string text, string option)
    {
        var parts = text.Split("..");
        if (parts.Length != 2 || !TryInt(parts[0], out var a) || !TryInt(parts[1], out var b))
            throw new CliUsageException(option, text, "expected a range MIN..MAX of integers, e.g. 20..59");
        return (a, b);
    }

    internal static IReadOnlyList<int> ParseInts(string text, string option)
    {
        if (string.IsNullOrWhiteSpace(text)) return System.Array.Empty<int>();
        var parts = text.Split(',');
        var values = new int[parts.Length];
        for (int i = 0; i < parts.Length; i++)
            if (!TryInt(parts[i], out values[i]))
                throw new CliUsageException(option, text, $"'{parts[i].Trim()}' is not an integer");
        return values;
    }

    internal static IReadOnlyList<double> ParseDoubles(string text, string option)
    {
        var parts = text.Split(',');
        var values = new double[parts.Length];
        for (int i = 0; i < parts.Length; i++)
            if (!double.TryParse(parts[i].Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out values[i]))
                throw new CliUsageException(option, text, $"'{parts[i].Trim()}' is not a number");
        return values;
    }

    /// <summary>Parses "A4,A3=-6" into 0-based anchor indices and the offset.</summary>
    internal static PairOverride ParseOverride(string text, int anchorCount)
    {
        var eq = text.Split('=');
        if (eq.Length != 2 || !TryInt(eq[1], out var offset))
            throw new CliUsageException("--override", text, "expected an ordered anchor tuple and an offset, e.g. A4,A3=-6");
        var indices = new List<int>();
        foreach (var name in eq[0].Split(','))
        {
            var n = name.Trim();
            if (n.Length < 2 || (n[0] != 'A' && n[0] != 'a') || !TryInt(n[1..], out var k))
                throw new CliUsageException("--override", text, $"'{n}' is not an anchor name (A1..A{anchorCount})");
            if (k < 1 || k > anchorCount)
                throw new CliUsageException("--override", text, $"unknown anchor {n}: the task has A1..A{anchorCount}");
            indices.Add(k - 1);
        }
        return new PairOverride(indices, offset);
    }

    private static bool TryInt(string s, out int value) =>
        int.TryParse(s.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);
}
