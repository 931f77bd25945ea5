import BrukerPlanModel

/// The lines of the current section, each tagged with its field.
func formLines(_ form: FormState, _ round: Round, _ state: AppState) -> [Line] {
  let s = state.strings
  let lang = s.language
  let width = state.width
  let fields = form.layout.sections[form.section]
  var lines: [Line] = []
  let labelWidth = width >= 110 ? 40 : 32
  let radioOn = state.asciiOnly ? "(*)" : "(•)"
  let radioOff = "( )"

  func marker(_ index: Int) -> (String, Role) {
    index == form.field ? (state.asciiOnly ? " > " : " › ", .heading) : ("   ", .normal)
  }
  func label(_ index: Int, _ text: String) -> (String, Role) {
    (DisplayWidth.pad(text, to: labelWidth), index == form.field ? .heading : .normal)
  }
  /// Options flowed over as many lines as they need, the chosen one marked with (•).
  func options(_ index: Int, _ items: [(String, Bool)], numbered: Bool = true) {
    var line = Line(field: index)
    line.add("      ")
    var used = 6
    for (n, item) in items.enumerated() {
      let text = (numbered ? "\(n + 1) " : "") + (item.1 ? radioOn : radioOff) + " " + item.0 + "   "
      let w = DisplayWidth.of(text)
      if used + w > width - 1, used > 6 {
        lines.append(line)
        line = Line(field: index)
        line.add("      ")
        used = 6
      }
      line.add(text, item.1 ? .selected : .normal)
      used += w
    }
    lines.append(line)
  }
  func yesNoLine(_ index: Int, _ text: String, _ value: Bool?) {
    var line = Line(field: index)
    line.add(marker(index).0, marker(index).1)
    line.add(label(index, text).0, label(index, text).1)
    line.add("1 " + (value == true ? radioOn : radioOff) + " " + s.yes + "   ", value == true ? .selected : .normal)
    line.add("2 " + (value == false ? radioOn : radioOff) + " " + s.no, value == false ? .selected : .normal)
    lines.append(line)
  }
  func checkList<T: Vocabulary>(_ index: Int, _ title: String, _ all: [T], _ chosen: [T]?) {
    var head = Line(field: index)
    head.add(marker(index).0, marker(index).1)
    head.add(label(index, title).0, label(index, title).1)
    head.add(chosen == nil ? s.notAnswered : (chosen!.isEmpty ? s.noneAnswer : "\(chosen!.count)"), .disabled)
    lines.append(head)
    var row = Line(field: index)
    for (n, item) in all.enumerated() {
      let on = chosen?.contains(item) == true
      let text = "\(n + 1) " + (on ? "[x]" : "[ ]") + " " + item.label(lang)
      let cell = DisplayWidth.pad(text, to: (width - 8) / 2)
      if row.pieces.isEmpty { row.add("      ") }
      row.add(cell, on ? .selected : .normal)
      if n % 2 == 1 || n == all.count - 1 {
        lines.append(row)
        row = Line(field: index)
      }
    }
    lines.append(Line([("      " + s.multiHint, .disabled)], field: index))
  }

  lines.append(Line([(" " + s.sections[form.section], .heading)]))
  lines.append(Line())
  for (index, field) in fields.enumerated() {
    switch field {
    case .unit:
      lines.append(Line([marker(index), label(index, s.unit)], field: index))
      options(index, round.units.map { ($0.name, form.survey.unit == $0.id) })
    case .birthYear:
      var line = Line([marker(index), label(index, s.birthYear)], field: index)
      if let typed = form.yearText, index == form.field {
        line.add(typed + "_", .selected)
      } else {
        line.add(form.survey.birthYear.map(String.init) ?? s.notAnswered, index == form.field ? .selected : .normal)
        if let problem = form.survey.validate(in: round).first(where: { $0.field == "birthYear" }) {
          // An unfinished or impossible year stays visible as typed, with why it cannot be saved.
          line.add("  " + s.problem(problem, year: round.year), .error)
        } else if let year = form.survey.birthYear {
          line.add(
            "  (\(round.year - year) år)".replacingOccurrences(of: "år", with: lang == .norwegian ? "år" : "years"),
            .disabled)
        }
      }
      lines.append(line)
    case .gender:
      lines.append(Line([marker(index), label(index, s.gender)], field: index))
      options(index, Gender.allCases.map { ($0.label(lang), form.survey.gender == $0) })
    case .problemGroup:
      lines.append(Line([marker(index), label(index, s.problemGroup)], field: index))
      options(index, ProblemGroup.allCases.map { ($0.label(lang), form.survey.problemGroup == $0) })
    case .score(let dimension):
      let score = form.survey.scores[dimension]
      var line = Line([marker(index), label(index, dimension.label(lang))], field: index)
      for piece in scoreChip(score, s) { line.add(piece.0, piece.1) }
      line.add(" " + DisplayWidth.pad(score?.label(lang) ?? "", to: 6) + " ", .normal)
      // "…" says a description goes on; the focused one is written in full below.
      let room = width - 1 - (3 + labelWidth + 3 + 8)
      if let score { line.add(DisplayWidth.truncate(dimension.levelDescription(score, lang), to: room), .disabled) }
      lines.append(line)
    case .substances:
      checkList(index, s.substances, Substance.allCases, form.survey.substances)
    case .plans:
      checkList(index, s.plans, Plan.allCases, form.survey.plans)
    case .lar:
      lines.append(Line())
      yesNoLine(index, s.lar, form.survey.lar)
    case .child(let key):
      yesNoLine(index, s.childLabel(key), form.survey.children[key])
    case .activity:
      lines.append(Line([marker(index), label(index, s.activity)], field: index))
      options(index, Activity.allCases.map { ($0.label(lang), form.survey.activity == $0) })
    case .violence:
      lines.append(Line([marker(index), label(index, s.violence)], field: index))
      options(index, Violence.allCases.map { ($0.label(lang), form.survey.violence == $0) })
    case .service(let id):
      guard let service = round.catalogue.service(id) else { continue }
      let previous = index > 0 ? fields[index - 1] : nil
      let previousLevel: ServiceLevel? =
        if case .service(let p)? = previous { round.catalogue.service(p)?.level } else { nil }
      if previousLevel != service.level {
        if index == 0 {
          lines.append(
            Line([
              (
                "   " + DisplayWidth.pad("", to: labelWidth) + DisplayWidth.pad(s.hasNow, to: 10) + s.next12,
                .heading
              )
            ]))
        }
        lines.append(Line([("   " + service.level.label(lang), .heading)], field: index))
      }
      let answer = form.survey.answer(id)
      let focused = index == form.field
      var line = Line(
        [
          marker(index),
          ("   " + DisplayWidth.pad(service.label(lang), to: labelWidth - 3), focused ? .heading : .normal),
        ],
        field: index)
      let nowRole: Role = focused && form.serviceColumn == 0 ? .selected : .normal
      let nextRole: Role = focused && form.serviceColumn == 1 ? .selected : .normal
      line.add(answer.now ? "[x]" : "[ ]", nowRole)
      line.add("       ")
      line.add(answer.next12 ? "[x]" : "[ ]", nextRole)
      lines.append(line)
    }
  }
  // Below the eight dimensions: what each level means for the focused one.
  if case .score(let dimension) = form.currentField {
    lines.append(Line())
    lines.append(Line([("   " + dimension.label(lang) + ":", .heading)]))
    for (n, score) in Score.allCases.enumerated() {
      var line = Line([("   \(n + 1) ", .normal)])
      for piece in scoreChip(score, s) { line.add(piece.0, piece.1) }
      line.add(
        " " + DisplayWidth.pad(score.label(lang), to: 6) + " " + dimension.levelDescription(score, lang), .normal)
      lines.append(line)
    }
    lines.append(Line([("   1/2/3 g/y/r · ← → · 0 " + s.clear.lowercased(), .disabled)]))
  }
  if case .service = form.currentField {
    lines.append(Line([("   " + s.servicesHint, .disabled)]))
  }
  return lines
}
