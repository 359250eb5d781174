using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ProbSig.Empirics.LanguageModels.Training;

/// <summary>
/// AdamW (Loshchilov and Hutter 2019) written out, so its whole state is in plain view: one
/// pair of moments per named parameter and the update count, which a checkpoint saves and a
/// resumed run restores exactly. The update is PyTorch's single-tensor AdamW step (checked
/// against TorchSharp's torch.optim.AdamW in the tests). Moments are kept in float32 even for
/// bf16 parameters; weight decay goes to matrices only (norm gains and biases are left alone).
/// </summary>
public sealed class LmAdamW : IDisposable
{
    private readonly (string Name, Parameter Parameter, Tensor ExpAvg, Tensor ExpAvgSq, bool Decay)[] slots;

    /// <summary>Zero moments for every parameter of <paramref name="parameters"/>.</summary>
    public LmAdamW(IEnumerable<(string Name, Parameter Parameter)> parameters, double beta1, double beta2, double epsilon, double weightDecay)
    {
        Beta1 = beta1;
        Beta2 = beta2;
        Epsilon = epsilon;
        WeightDecay = weightDecay;
        var list = new List<(string, Parameter, Tensor, Tensor, bool)>();
        var seen = new HashSet<IntPtr>();
        foreach (var (name, p) in parameters)
        {
            // A tied weight appears once; a second name for the same tensor would update it twice.
            if (!seen.Add(p.Handle)) continue;
            list.Add((name, p,
                zeros_like(p, dtype: ScalarType.Float32).DetachFromDisposeScope(),
                zeros_like(p, dtype: ScalarType.Float32).DetachFromDisposeScope(),
                p.dim() >= 2));
        }
        slots = list.ToArray();
    }

    /// <summary>Updates taken so far (t in the bias corrections).</summary>
    public long StepCount { get; private set; }

    /// <summary>First-moment decay.</summary>
    public double Beta1 { get; }

    /// <summary>Second-moment decay.</summary>
    public double Beta2 { get; }

    /// <summary>Denominator epsilon.</summary>
    public double Epsilon { get; }

    /// <summary>Decoupled weight decay for matrices.</summary>
    public double WeightDecay { get; }

    /// <summary>The parameter names, in update order.</summary>
    public IReadOnlyList<string> Names => slots.Select(s => s.Name).ToArray();

    /// <summary>Sets every gradient to none.</summary>
    public void ZeroGrad()
    {
        foreach (var s in slots) s.Parameter.grad = null;
    }

    /// <summary>One update with learning rate <paramref name="lr"/>; parameters without a gradient are skipped.</summary>
    public void Step(double lr)
    {
        StepCount++;
        double bc1 = 1 - Math.Pow(Beta1, StepCount);
        double bc2 = 1 - Math.Pow(Beta2, StepCount);
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        foreach (var (_, p, m, v, decay) in slots)
        {
            var g = p.grad;
            if (g is null) continue;
            var g32 = g.to(ScalarType.Float32);
            var w = p.dtype == ScalarType.Float32 ? p : p.to(ScalarType.Float32);
            if (decay && WeightDecay != 0) w.mul_(1 - lr * WeightDecay);
            m.mul_(Beta1).add_(g32, alpha: 1 - Beta1);
            v.mul_(Beta2).addcmul_(g32, g32, value: 1 - Beta2);
            var denom = v.sqrt().div_(Math.Sqrt(bc2)).add_(Epsilon);
            w.addcdiv_(m, denom, value: -lr / bc1);
            if (!ReferenceEquals(w, p)) p.copy_(w);
        }
    }

    /// <summary>The state as named tensors, "exp_avg.NAME" and "exp_avg_sq.NAME" (float32, on the CPU).
    /// The caller owns the copies.</summary>
    public Dictionary<string, Tensor> StateTensors()
    {
        var state = new Dictionary<string, Tensor>();
        using var scope = NewDisposeScope();
        foreach (var (name, _, m, v, _) in slots)
        {
            state["exp_avg." + name] = m.detach().cpu().clone().DetachFromDisposeScope();
            state["exp_avg_sq." + name] = v.detach().cpu().clone().DetachFromDisposeScope();
        }
        return state;
    }

    /// <summary>Restores moments and the update count saved by <see cref="StateTensors"/>.</summary>
    /// <exception cref="ArgumentException">A moment is missing or has the wrong shape (named).</exception>
    public void Load(IReadOnlyDictionary<string, Tensor> state, long stepCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(stepCount);
        using var noGrad = no_grad();
        foreach (var (name, p, m, v, _) in slots)
        {
            foreach (var (key, target) in new[] { ("exp_avg." + name, m), ("exp_avg_sq." + name, v) })
            {
                if (!state.TryGetValue(key, out var saved))
                    throw new ArgumentException($"the training state has no tensor \"{key}\"", nameof(state));
                if (!saved.shape.SequenceEqual(target.shape))
                    throw new ArgumentException($"\"{key}\" has shape [{string.Join(", ", saved.shape)}]; the parameter has [{string.Join(", ", target.shape)}]", nameof(state));
                target.copy_(saved);
            }
        }
        StepCount = stepCount;
    }

    /// <summary>Frees the moments.</summary>
    public void Dispose()
    {
        foreach (var s in slots) { s.ExpAvg.Dispose(); s.ExpAvgSq.Dispose(); }
    }
}
