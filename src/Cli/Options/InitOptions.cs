using System.CommandLine;
using ProbSig.Cli.Report;
using ProbSig.Theory.Flow;

namespace ProbSig.Cli.Options;

/// <summary>
/// --init-std and --gamma, the same two options for every verb that draws or predicts from an
/// initial scale (predict, train, lm train). The values are checked by Theory's
/// <see cref="InitScale"/>, the one check the model configs use too; the verb passes the
/// default of its model family.
/// </summary>
internal sealed class InitOptions
{
    private readonly double familyDefaultStd;

    /// <param name="familyDefaultStd">The std when neither option is given: the model family's default.</param>
    /// <param name="width">What d is in s = d^-gamma, as the help says it.</param>
    /// <param name="weights">What the std applies to, as the help says it.</param>
    public InitOptions(double familyDefaultStd, string width = "d", string weights = "every weight")
    {
        this.familyDefaultStd = familyDefaultStd;
        Std = new("--init-std") { Description = $"Initial std s of {weights} (default {Fmt.Text(familyDefaultStd)})." };
        Gamma = new("--gamma") { Description = $"Initialisation rate: s = {width}^-gamma (instead of --init-std)." };
    }

    public Option<double?> Std { get; }

    public Option<double?> Gamma { get; }

    public void AddTo(Command command)
    {
        command.Add(Std);
        command.Add(Gamma);
    }

    /// <summary>The initial scale the options ask for at <paramref name="width"/>, checked
    /// before any work; a bad value is one line naming its option.</summary>
    public InitScale Parse(ParseResult r, int width)
    {
        double? std = r.GetValue(Std), gamma = r.GetValue(Gamma);
        try
        {
            return InitScale.Resolve(std, gamma, width, familyDefaultStd);
        }
        catch (ArgumentException e) when (e.ParamName is "std" or "gamma")
        {
            // Resolve names "gamma" when both are given, so the user hears of the second option.
            bool isStd = e.ParamName == "std";
            throw CliUsageException.For(isStd ? "--init-std" : "--gamma", Fmt.Text(isStd ? std ?? familyDefaultStd : gamma!.Value), e);
        }
    }

    /// <summary>A checked scale as a model config's InitStd and Gamma fields (one of them set).</summary>
    public static (double? InitStd, double? Gamma) ConfigFields(InitScale init) => init.Gamma is { } g ? (null, g) : (init.Std, null);
}
