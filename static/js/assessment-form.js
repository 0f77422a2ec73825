// The assessment form works without this file; it keeps the count of rated skills and the
// skill list's marks current as the learner rates, and folds the skill list on a phone.
(function () {
  "use strict";
  const form = document.querySelector("form.assessment-form");
  if (!form) return;
  const skills = Array.from(form.querySelectorAll("fieldset.skill-group"));

  function update() {
    let rated = 0;
    for (const skill of skills) {
      const done = skill.querySelector("input[type=radio]:checked") !== null;
      rated += done;
      const link = form.querySelector(`a[data-skill="${skill.id}"]`);
      if (link) link.classList.toggle("is-rated", done);
    }
    for (const counter of document.querySelectorAll("[data-progress]")) {
      counter.textContent = `${rated} of ${skills.length} rated`;
      counter.hidden = false;
    }
  }

  form.addEventListener("change", update);
  update();
  const index = document.getElementById("skill-index");
  if (index && window.matchMedia("(max-width: 767.98px)").matches) index.open = false;
})();
