// The message to the partner, previewed as the partner's portal scorecard shows it while it is typed.
// The internal note is never copied into the preview.
document.addEventListener("DOMContentLoaded", () => {
  const input = document.getElementById("id_partner_message");
  const preview = document.getElementById("partner-message-preview");
  if (!input || !preview) return;
  const alert = preview.querySelector("#partner-message");
  const text = preview.querySelector("#partner-message-text");
  const empty = preview.querySelector("#partner-message-empty");
  const show = () => {
    const lines = input.value.trim().split("\n");
    text.replaceChildren();
    lines.forEach((line, index) => {
      if (index) text.appendChild(document.createElement("br"));
      text.appendChild(document.createTextNode(line));
    });
    const hasMessage = input.value.trim() !== "";
    alert.classList.toggle("d-none", !hasMessage);
    empty.classList.toggle("d-none", hasMessage);
  };
  input.addEventListener("input", show);
});
