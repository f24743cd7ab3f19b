namespace Diagnostics.Pseudonymization;

/// <summary>Counts per detector of what was pseudonymized and what was removed. Immutable.</summary>
public sealed class RedactionReport
{
    public RedactionReport()
        : this(new Dictionary<string, long>(), new Dictionary<string, long>())
    {
    }

    public RedactionReport(IReadOnlyDictionary<string, long> pseudonymized, IReadOnlyDictionary<string, long> removed)
    {
        ArgumentNullException.ThrowIfNull(pseudonymized);
        ArgumentNullException.ThrowIfNull(removed);
        Pseudonymized = new Dictionary<string, long>(pseudonymized, StringComparer.Ordinal);
        Removed = new Dictionary<string, long>(removed, StringComparer.Ordinal);
    }

    public static RedactionReport Empty { get; } = new();

    /// <summary>Identifiers replaced by a pseudonym, by detector name (<see cref="DetectorNames"/>).</summary>
    public IReadOnlyDictionary<string, long> Pseudonymized { get; }

    /// <summary>Secrets removed outright, by detector name.</summary>
    public IReadOnlyDictionary<string, long> Removed { get; }

    public long TotalPseudonymized => Pseudonymized.Values.Sum();

    public long TotalRemoved => Removed.Values.Sum();

    /// <summary>The sum of both reports, detector by detector (for instance over the snapshots of a ticket).</summary>
    public RedactionReport Merge(RedactionReport other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return new Builder().Add(this).Add(other).Build();
    }

    /// <summary>Accumulates counts; detectors keep the order in which they were first added.</summary>
    public sealed class Builder
    {
        private readonly Dictionary<string, long> _pseudonymized = new(StringComparer.Ordinal);
        private readonly Dictionary<string, long> _removed = new(StringComparer.Ordinal);

        public Builder AddPseudonymized(string detector, long count = 1)
        {
            Add(_pseudonymized, detector, count);
            return this;
        }

        public Builder AddRemoved(string detector, long count = 1)
        {
            Add(_removed, detector, count);
            return this;
        }

        public Builder Add(RedactionReport report)
        {
            ArgumentNullException.ThrowIfNull(report);
            foreach (var (detector, count) in report.Pseudonymized)
            {
                Add(_pseudonymized, detector, count);
            }

            foreach (var (detector, count) in report.Removed)
            {
                Add(_removed, detector, count);
            }

            return this;
        }

        public RedactionReport Build() => new(_pseudonymized, _removed);

        private static void Add(Dictionary<string, long> counts, string detector, long count)
        {
            ArgumentException.ThrowIfNullOrEmpty(detector);
            ArgumentOutOfRangeException.ThrowIfNegative(count);
            counts[detector] = counts.GetValueOrDefault(detector) + count;
        }
    }
}
