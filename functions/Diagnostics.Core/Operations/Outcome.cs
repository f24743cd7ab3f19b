namespace Diagnostics.Core.Operations;

public enum ProblemKind
{
    Invalid,
    NotFound,
    Forbidden,
    Conflict,
    Gone,
    TooLarge,
    UnsupportedMediaType,
    Unprocessable,
    TooManyRequests,
}

/// <summary>Why an operation refused; becomes RFC 9457 problem details at the HTTP edge.</summary>
public sealed record Problem(ProblemKind Kind, string Title, string Detail)
{
    /// <summary>With <see cref="ProblemKind.TooManyRequests"/>: when to ask again (the Retry-After header).</summary>
    public TimeSpan? RetryAfter { get; init; }

    public static Problem Invalid(string detail) => new(ProblemKind.Invalid, "The request is not valid.", detail);

    public static Problem NotFound(string detail) => new(ProblemKind.NotFound, "Not found.", detail);

    public static Problem Forbidden(string detail) => new(ProblemKind.Forbidden, "Not allowed.", detail);

    public static Problem Conflict(string detail) => new(ProblemKind.Conflict, "Conflict.", detail);

    public static Problem TooLarge(string detail) => new(ProblemKind.TooLarge, "Too large.", detail);
}

/// <summary>A value or the problem that stopped the operation.</summary>
public readonly struct Outcome<T>
{
    private Outcome(T? value, Problem? problem)
    {
        Value = value;
        Problem = problem;
    }

    public T? Value { get; }

    public Problem? Problem { get; }

    public static implicit operator Outcome<T>(T value) => new(value, null);

    public static implicit operator Outcome<T>(Problem problem) => new(default, problem);
}
