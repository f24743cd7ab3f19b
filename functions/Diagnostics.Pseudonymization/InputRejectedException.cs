namespace Diagnostics.Pseudonymization;

public enum InputRejection
{
    LineTooLong,
    InvalidEncoding,
}

/// <summary>The input cannot be pseudonymized as given; nothing of it may be kept.</summary>
public sealed class InputRejectedException(InputRejection rejection, string message) : Exception(message)
{
    public InputRejection Rejection { get; } = rejection;
}
