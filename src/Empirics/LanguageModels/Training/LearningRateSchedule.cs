namespace ProbSig.Empirics.LanguageModels.Training;

/// <summary>Linear warm-up, then cosine decay to a floor: the usual LM schedule.</summary>
public static class LearningRateSchedule
{
    /// <summary>
    /// The learning rate of update <paramref name="step"/> (1-based, 1..steps):
    /// lr * step / warmup during warm-up (so the first update is already non-zero), then
    /// lr_min + (lr - lr_min) (1 + cos(pi p)) / 2 with p = (step - warmup) / (steps - warmup),
    /// lr_min = lr * minRatio; the last step gets exactly lr_min (lr when there is no decay phase).
    /// </summary>
    public static double At(int step, int steps, double lr, int warmup, double minRatio)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(step, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(step, steps);
        if (step <= warmup) return lr * step / warmup;
        double floor = lr * minRatio;
        double progress = (double)(step - warmup) / (steps - warmup);
        return floor + (lr - floor) * 0.5 * (1 + Math.Cos(Math.PI * progress));
    }
}
