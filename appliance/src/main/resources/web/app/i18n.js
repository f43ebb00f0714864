// The UI's two languages (Portuguese (Brazil) first, English second, chosen per user) and the clinic's
// formats: dates, times and phone numbers follow the clinic's locale and time zone whatever the UI language.

const meta = name => document.querySelector(`meta[name="${name}"]`)?.content;

export const clinic = {
    locale: meta('clinic-locale') || 'pt-BR',
    timeZone: meta('clinic-time-zone') || 'America/Sao_Paulo',
};

const catalogs = {
    'pt-BR': {
        'app.name': 'ClinicNode',
        'nav.patients': 'Pacientes',
        'nav.agenda': 'Agenda',
        'nav.board': 'Sala de espera',
        'nav.admin': 'Administração',
        'nav.main': 'Navegação principal',
        'nav.logout': 'Sair',
        'nav.skip': 'Ir para o conteúdo',
        'live.on': 'Ao vivo',
        'live.off': 'Reconectando…',
        'live.onHint': 'As mudanças feitas em outras recepções aparecem aqui na hora.',
        'live.offHint': 'Sem atualização ao vivo no momento; tentando reconectar.',
        'conn.lost': 'Sem conexão com o servidor da clínica. O que você digitou está guardado; tentando reconectar…',
        'conn.back': 'Conexão restabelecida.',
        'login.title': 'Entrar',
        'login.subtitle': 'Recepção da clínica',
        'login.username': 'Usuário',
        'login.password': 'Senha',
        'login.submit': 'Entrar',
        'login.language': 'Idioma',
        'login.wrong': 'Usuário ou senha incorretos. Confira e tente de novo.',
        'login.throttled': 'Muitas tentativas sem sucesso. Aguarde {seconds} segundos e tente de novo.',
        'login.expired': 'Sua sessão terminou após {minutes} minutos sem atividade. Entre de novo; o que você estava digitando foi guardado.',
        'login.revoked': 'Sua sessão não é mais válida. Entre de novo; o que você estava digitando foi guardado.',
        'login.loggedOut': 'Você saiu. Até logo!',
        'login.required': 'Informe usuário e senha.',
        'common.save': 'Salvar',
        'common.saving': 'Salvando…',
        'common.cancel': 'Cancelar',
        'common.close': 'Fechar',
        'common.edit': 'Editar',
        'common.retry': 'Tentar novamente',
        'common.loading': 'Carregando…',
        'common.yes': 'Sim',
        'common.no': 'Não',
        'common.optional': 'opcional',
        'common.none': '—',
        'error.network': 'Não foi possível falar com o servidor da clínica. Verifique a rede e tente de novo.',
        'error.networkSave': 'Não foi possível falar com o servidor da clínica. O que você digitou foi mantido: tente salvar de novo quando a conexão voltar.',
        'error.server': 'O servidor não conseguiu concluir o pedido. Tente de novo; se continuar, chame o técnico.',
        'error.forbidden': 'Seu usuário não tem permissão para isto. Peça a um administrador.',
        'error.notFound': 'Não encontrado. Ele pode ter sido removido; volte e busque de novo.',
        'error.fields': 'Corrija {count} campo(s) para salvar: {fields}.',
        'error.notAvailable': 'Esta função ainda não está disponível neste servidor.',
        'error.refused': 'O servidor recusou o pedido. Confira os dados e tente de novo.',
        'v.dateRange': 'A data deve estar entre 01/01/1900 e hoje.',
        // The server's stable error codes (README, "Error codes"), for field errors and refusals alike.
        'code.required': 'Preencha este campo.',
        'code.too-long': 'Texto longo demais: encurte-o.',
        'code.control-characters': 'Remova os caracteres especiais, como quebras de linha.',
        'code.type.string': 'Valor em formato inválido.',
        'code.type.integer': 'Informe um número inteiro.',
        'code.type.boolean': 'Valor em formato inválido.',
        'code.type.object': 'Valor em formato inválido.',
        'code.type.array': 'Valor em formato inválido.',
        'code.number.out-of-range': 'Número fora do intervalo permitido.',
        'code.enum.unknown': 'Escolha uma das opções da lista.',
        'code.date.invalid': 'Use o formato {pattern}.',
        'code.date.out-of-range': 'Data fora do intervalo permitido.',
        'code.datetime.invalid': 'Informe uma data e um horário válidos.',
        'code.datetime.whole-minute': 'Use um horário em minutos exatos, como 09:30.',
        'code.time.invalid': 'Use o formato HH:MM.',
        'code.id.invalid': 'Registro inválido: busque-o de novo.',
        'code.json.malformed': 'O pedido não pôde ser lido. Recarregue a página e tente de novo.',
        'code.json.too-complex': 'O pedido não pôde ser lido. Recarregue a página e tente de novo.',
        'code.body.unreadable': 'O pedido não pôde ser lido. Recarregue a página e tente de novo.',
        'code.content-length.invalid': 'O pedido não pôde ser lido. Recarregue a página e tente de novo.',
        'code.name.no-letters': 'O nome precisa conter letras.',
        'code.cpf.format': 'CPF inválido: informe os 11 dígitos, como 123.456.789-09.',
        'code.cpf.check-digit': 'CPF inválido: os dígitos verificadores não conferem. Confira o número.',
        'code.document.format': 'O documento deve ter de 3 a 30 letras ou números.',
        'code.document.taken': 'Já existe um paciente com este documento.',
        'code.email.invalid': 'Informe um e-mail válido, como nome@exemplo.com.',
        'code.phone.invalid': 'Informe um telefone com DDD, como (11) 98765-4321.',
        'code.patient.unknown': 'Paciente não encontrado. Ele pode ter sido removido; busque de novo.',
        'code.practitioner.unknown': 'Profissional não encontrado. Recarregue a agenda.',
        'code.practitioner.inactive': 'Este profissional não atende mais. Escolha outro.',
        'code.hours.too-many': 'Horários demais: junte ou remova alguns.',
        'code.hours.end-before-start': 'O fim deve ser depois do início.',
        'code.hours.overlap': 'Este horário se sobrepõe a outro do mesmo dia.',
        'code.slot.taken': 'Este horário já está ocupado. Escolha outro horário.',
        'code.slot.outside-hours': 'Fora do horário de atendimento do profissional. Escolha um horário dentro do expediente.',
        'code.appointment.one-change': 'Faça uma alteração por vez: remarque ou mude a situação.',
        'code.appointment.not-booked': 'Esta consulta não está mais agendada: foi cancelada, marcada como falta ou já teve check-in. Recarregue a agenda.',
        'code.appointment.unknown': 'Consulta não encontrada. Ela pode ter sido removida; recarregue a agenda.',
        'code.status.not-settable': 'Esta situação não pode ser escolhida diretamente.',
        'code.visit.backwards': 'O paciente já passou desta etapa na sala de espera.',
        'code.visit.unknown': 'Este atendimento não está mais na sala de espera.',
        'code.username.format': 'Use de 2 a 64 letras minúsculas, números, ponto, hífen ou sublinhado.',
        'code.username.taken': 'Já existe um usuário com este nome.',
        'code.password.too-short': 'A senha precisa de ao menos 8 caracteres.',
        'code.roles.empty': 'Escolha ao menos um papel.',
        'code.user.unknown': 'Usuário não encontrado.',
        'code.last-admin': 'Este é o último administrador ativo: dê o papel de administrador a outro usuário antes.',
        'code.id.duplicate': 'Este registro já foi salvo. Recarregue a página para vê-lo.',
        'code.rejected': 'O servidor recusou este valor. Confira e tente de novo.',
        'search.label': 'Buscar paciente',
        'search.placeholder': 'Nome, data de nascimento, CPF ou telefone',
        'search.hint': 'Partes do nome em qualquer ordem, sem acentos; data como 12/03/1984; CPF ou final do telefone.',
        'search.empty': 'Nenhum paciente encontrado para “{query}”. Confira a grafia ou cadastre um novo.',
        'search.start': 'Digite ao menos 2 letras ou 3 números para buscar.',
        'search.results': '{count} paciente(s) encontrado(s)',
        'search.new': 'Novo paciente',
        'patient.title.new': 'Novo paciente',
        'patient.title.edit': 'Editar cadastro',
        'patient.identification': 'Identificação',
        'patient.fullName': 'Nome completo',
        'patient.birthDate': 'Data de nascimento',
        'patient.sex': 'Sexo',
        'patient.sex.none': 'Não informado',
        'patient.sex.FEMALE': 'Feminino',
        'patient.sex.MALE': 'Masculino',
        'patient.sex.OTHER': 'Outro',
        'patient.sex.UNDISCLOSED': 'Prefere não dizer',
        'patient.document': 'CPF',
        'patient.documentOther': 'Documento',
        'patient.phone': 'Telefone',
        'patient.secondaryPhone': 'Outro telefone',
        'patient.email': 'E-mail',
        'patient.address': 'Endereço',
        'patient.address.line': 'Logradouro e número',
        'patient.address.city': 'Cidade',
        'patient.address.state': 'UF',
        'patient.address.postalCode': 'CEP',
        'patient.consents': 'Consentimentos',
        'patient.consents.sms': 'Aceita lembretes por SMS',
        'patient.consents.email': 'Aceita lembretes por e-mail',
        'patient.consents.dataProcessing': 'Autoriza o tratamento de dados (LGPD)',
        'patient.age': '{age} anos',
        'patient.contact': 'Contato',
        'patient.created': 'Paciente cadastrado.',
        'patient.updated': 'Cadastro atualizado.',
        'patient.draftRestored': 'Rascunho recuperado: o que você tinha digitado foi restaurado.',
        'patient.discard': 'Descartar rascunho',
        'patient.dup.title': 'Possível cadastro duplicado',
        'patient.dup.nameBirth': 'Já existe paciente com o mesmo nome e data de nascimento:',
        'patient.dup.document': 'Já existe paciente com este documento. Abra o cadastro existente em vez de criar outro:',
        'patient.dup.open': 'Abrir cadastro',
        'patient.dup.saveAnyway': 'Não é a mesma pessoa: salvar mesmo assim',
        'patient.book': 'Agendar consulta',
        'patient.checkin': 'Fazer check-in',
        'patient.checkedIn': 'Check-in feito',
        'patient.today': 'Consultas de hoje',
        'patient.noToday': 'Nenhuma consulta hoje.',
        'agenda.title': 'Agenda',
        'agenda.today': 'Hoje',
        'agenda.prev': 'Dia anterior',
        'agenda.next': 'Próximo dia',
        'agenda.date': 'Data',
        'agenda.print': 'Imprimir lista do dia',
        'agenda.time': 'Horário',
        'agenda.noPractitioners': 'Nenhum profissional cadastrado. Um administrador pode cadastrá-los em Administração → Profissionais.',
        'agenda.noHours': 'Nenhum profissional atende neste dia.',
        'agenda.free': 'Livre',
        'agenda.bookAt': 'Agendar {time} com {practitioner}',
        'agenda.pickSlot': 'Escolha um horário livre para {patient}.',
        'agenda.book.title': 'Nova consulta',
        'agenda.book.when': '{practitioner} · {date} às {time}',
        'agenda.book.patient': 'Paciente',
        'agenda.book.searchPatient': 'Buscar paciente pelo nome, nascimento, CPF ou telefone',
        'agenda.book.change': 'Trocar',
        'agenda.book.duration': 'Duração',
        'agenda.book.minutes': '{minutes} min',
        'agenda.book.notes': 'Observações',
        'agenda.book.submit': 'Agendar',
        'agenda.book.choosePatient': 'Escolha o paciente antes de agendar.',
        'agenda.booked': 'Consulta agendada.',
        'agenda.taken': 'Horário ocupado: {practitioner} já tem {patient} das {start} às {end}. Escolha outro horário.',
        'agenda.outside': 'Fora do horário de atendimento de {practitioner}. Escolha um horário dentro do expediente.',
        'agenda.appt.title': 'Consulta',
        'agenda.appt.move': 'Remarcar',
        'agenda.appt.moveSubmit': 'Salvar novo horário',
        'agenda.appt.newDate': 'Nova data',
        'agenda.appt.newTime': 'Novo horário',
        'agenda.appt.cancel': 'Cancelar consulta',
        'agenda.appt.cancelConfirm': 'Cancelar a consulta de {patient} às {time}?',
        'agenda.appt.noShow': 'Marcar falta',
        'agenda.appt.checkin': 'Fazer check-in',
        'agenda.appt.openPatient': 'Abrir cadastro',
        'agenda.appt.moved': 'Consulta remarcada.',
        'agenda.appt.cancelled': 'Consulta cancelada.',
        'agenda.appt.markedNoShow': 'Falta registrada.',
        'agenda.appt.checkedIn': 'Check-in feito: {patient} está na sala de espera.',
        'agenda.dayList': 'Lista do dia',
        'agenda.dayList.empty': 'Nenhuma consulta.',
        'agenda.dayList.printed': 'Impresso em {when}',
        'status.BOOKED': 'Agendada',
        'status.CHECKED_IN': 'Chegou',
        'status.CANCELLED': 'Cancelada',
        'status.NO_SHOW': 'Faltou',
        'status.COMPLETED': 'Concluída',
        'board.title': 'Sala de espera',
        'board.WAITING': 'Aguardando',
        'board.CALLED': 'Chamados',
        'board.IN_CONSULTATION': 'Em consulta',
        'board.DONE': 'Concluídos',
        'board.waited': 'Esperou {minutes} min',
        'board.waiting': 'Esperando há {minutes} min',
        'board.arrived': 'Chegou às {time}',
        'board.call': 'Chamar',
        'board.start': 'Iniciar consulta',
        'board.finish': 'Concluir',
        'board.empty': 'Ninguém aqui.',
        'board.with': 'com {practitioner}',
        'admin.title': 'Administração',
        'admin.users': 'Usuários',
        'admin.practitioners': 'Profissionais',
        'admin.audit': 'Auditoria',
        'admin.users.new': 'Novo usuário',
        'admin.users.username': 'Usuário',
        'admin.users.displayName': 'Nome de exibição',
        'admin.users.password': 'Senha',
        'admin.users.newPassword': 'Nova senha',
        'admin.users.roles': 'Papéis',
        'admin.users.language': 'Idioma',
        'admin.users.active': 'Ativo',
        'admin.users.created': 'Usuário criado.',
        'admin.users.updated': 'Usuário atualizado.',
        'admin.users.edit': 'Editar {username}',
        'role.FRONT_DESK': 'Recepção',
        'role.PRACTITIONER': 'Profissional',
        'role.ADMIN': 'Administrador',
        'language.pt-BR': 'Português (Brasil)',
        'language.en': 'English',
        'admin.pract.new': 'Novo profissional',
        'admin.pract.fullName': 'Nome completo',
        'admin.pract.specialty': 'Especialidade',
        'admin.pract.hours': 'Horário de atendimento',
        'admin.pract.addHours': 'Adicionar horário',
        'admin.pract.removeHours': 'Remover',
        'admin.pract.day': 'Dia',
        'admin.pract.start': 'Início',
        'admin.pract.end': 'Fim',
        'admin.pract.active': 'Atende',
        'admin.pract.created': 'Profissional cadastrado.',
        'admin.pract.updated': 'Profissional atualizado.',
        'admin.pract.edit': 'Editar {name}',
        'admin.pract.none': 'Nenhum profissional cadastrado ainda.',
        'admin.audit.search': 'Paciente',
        'admin.audit.pick': 'Busque um paciente para ver quem viu ou alterou o cadastro.',
        'admin.audit.for': 'Registro de acesso de {patient}',
        'admin.audit.at': 'Quando',
        'admin.audit.user': 'Usuário',
        'admin.audit.action': 'Ação',
        'admin.audit.node': 'Servidor',
        'admin.audit.detail': 'Detalhe',
        'admin.audit.empty': 'Nenhum registro.',
        'admin.cluster': 'Servidores',
        'admin.cluster.intro': 'Os servidores da clínica como este os vê: quem lidera, até onde cada um aplicou as alterações de cada origem, quanto falta e a soma de verificação dos dados (somas iguais: dados idênticos).',
        'admin.cluster.same': '{count} servidor(es); todos os que respondem têm os mesmos dados.',
        'admin.cluster.differ': 'Os servidores ainda não têm os mesmos dados (a diferença some quando terminam de se atualizar).',
        'admin.cluster.node': 'Servidor',
        'admin.cluster.role': 'Papel',
        'admin.cluster.journal': 'Alterações aplicadas (por origem)',
        'admin.cluster.lag': 'Atraso',
        'admin.cluster.checksum': 'Soma dos dados',
        'admin.cluster.address': 'Endereço',
        'admin.cluster.self': 'este',
        'admin.cluster.leader': 'Líder',
        'admin.cluster.member': 'Membro',
        'admin.cluster.unreachable': 'Não respondeu',
        'admin.conflicts': 'Conflitos',
        'admin.conflicts.intro': 'O que os servidores da clínica não puderam resolver sozinhos depois de a rede ter sido dividida. Os abertos somem quando alguém corrige os dados.',
        'admin.conflicts.none': 'Nenhum conflito.',
        'admin.conflicts.at': 'Quando',
        'admin.conflicts.kind': 'Tipo',
        'admin.conflicts.what': 'O que fazer',
        'admin.conflicts.records': 'Registros',
        'conflict.DOUBLE_BOOKING': 'Horário duplicado', 'conflict.DUPLICATE_DOCUMENT': 'Documento repetido',
        'conflict.DUPLICATE_CHECK_IN': 'Check-in duplo', 'conflict.DUPLICATE_USERNAME': 'Usuário repetido',
        'conflict.DUPLICATE_ID': 'Registro enviado duas vezes', 'conflict.SUPERSEDED': 'Alteração substituída',
        'conflict.REFUSED': 'Evento recusado',
        'conflict.help.DOUBLE_BOOKING': 'Os dois agendamentos foram mantidos. Remarque ou cancele um deles.',
        'conflict.help.DUPLICATE_DOCUMENT': 'Os dois pacientes foram mantidos; o cadastrado primeiro fica com o documento. Corrija o documento de um deles.',
        'conflict.help.DUPLICATE_CHECK_IN': 'O primeiro check-in está no painel; o outro foi deixado de fora.',
        'conflict.help.DUPLICATE_USERNAME': 'O usuário criado primeiro foi mantido; o outro foi descartado. Avise quem usava a conta descartada.',
        'conflict.help.DUPLICATE_ID': 'Um registro chegou duas vezes; o primeiro foi mantido. Nada a fazer.',
        'conflict.help.SUPERSEDED': 'Duas pessoas alteraram o mesmo dado ao mesmo tempo; a alteração mais recente foi mantida. Confira o registro.',
        'conflict.help.REFUSED': 'Um evento de outro servidor não pôde ser aplicado aqui. Confira o registro.',
        'audit.VIEW': 'Visualizou', 'audit.CREATE': 'Cadastrou', 'audit.UPDATE': 'Alterou', 'audit.BOOK': 'Agendou',
        'audit.MOVE': 'Remarcou', 'audit.CANCEL': 'Cancelou', 'audit.CANCELLED': 'Cancelou', 'audit.NO_SHOW': 'Registrou falta',
        'audit.CHECK_IN': 'Check-in', 'audit.CALLED': 'Chamou', 'audit.IN_CONSULTATION': 'Iniciou consulta', 'audit.DONE': 'Concluiu',
        'audit.SEARCH': 'Buscou',
        'day.MONDAY': 'Segunda', 'day.TUESDAY': 'Terça', 'day.WEDNESDAY': 'Quarta', 'day.THURSDAY': 'Quinta',
        'day.FRIDAY': 'Sexta', 'day.SATURDAY': 'Sábado', 'day.SUNDAY': 'Domingo',
        // ---- The front desk's day (issue 11, desk-a): undo, encaixe, walk-ins, priorities, rooms, call panel ----
        'code.no-show.too-early': 'Ainda não dá para marcar falta: só a partir do horário da consulta mais a tolerância.',
        'code.checkin.not-today': 'O check-in só pode ser feito no dia da consulta.',
        'code.undo.nothing': 'Não há falta, cancelamento ou check-in para desfazer nesta consulta.',
        'code.undo.too-late': 'Só dá para desfazer no mesmo dia em que foi feito.',
        'code.checkin.already-called': 'O paciente já foi chamado: o check-in não pode mais ser desfeito.',
        'code.checkin.undone': 'Este check-in já foi desfeito.',
        'code.checkin.walk-in-appointment': 'Chegada sem agendamento não leva consulta.',
        'code.squeeze-in.forbidden': 'Seu perfil não permite encaixes. Peça à recepção ou ao profissional.',
        'code.visit.transition': 'Este passo não é possível agora na sala de espera. Recarregue a tela.',
        'code.priority.invalid': 'Prioridade inválida. A idade (60+ e 80+) é marcada automaticamente.',
        'code.room.only-when-called': 'A sala só é informada ao chamar o paciente.',
        'code.display-token.invalid': 'Endereço do painel inválido ou revogado. Peça ao administrador o endereço do painel.',
        'code.display-token.unknown': 'Este painel não existe mais.',
        'agenda.appt.noShowConfirm': 'Confirmar falta de {patient} ({time})? Use só se o paciente não veio.',
        'agenda.appt.noShowFrom': 'Falta só a partir de {time} (horário da consulta + tolerância).',
        'agenda.appt.undoNoShow': 'Desfazer falta',
        'agenda.appt.undoCancel': 'Desfazer cancelamento',
        'agenda.appt.undoCheckIn': 'Desfazer check-in',
        'agenda.appt.undone': 'Desfeito: a consulta de {patient} voltou a ficar agendada.',
        'agenda.appt.squeezeInHere': 'Encaixar outro paciente neste horário',
        'agenda.book.squeezeIn': 'Encaixe: pode sobrepor outro horário',
        'agenda.book.squeezeInTitle': 'Encaixe',
        'agenda.squeezeIn': 'Encaixe',
        'checkin.priorities': 'Atendimento prioritário',
        'checkin.ageAuto': 'Idade 60+ e 80+ é marcada automaticamente pela data de nascimento.',
        'priority.AGE_80': '80+', 'priority.AGE_60': '60+', 'priority.PREGNANT': 'Gestante', 'priority.BREASTFEEDING': 'Lactante',
        'priority.LAP_CHILD': 'Com criança de colo', 'priority.DISABILITY': 'Pessoa com deficiência ou TEA',
        'priority.REDUCED_MOBILITY': 'Mobilidade reduzida', 'priority.OBESITY': 'Pessoa obesa',
        'board.priority': 'Prioridade',
        'board.NO_ANSWER': 'Não respondeu',
        'board.LEFT': 'Desistiu/foi embora',
        'board.backToQueue': 'Voltar para a fila',
        'board.noAnswer': 'Não respondeu',
        'board.left': 'Desistiu/foi embora',
        'board.callAgain': 'Chamar de novo',
        'board.undoCheckIn': 'Desfazer check-in',
        'board.undone': 'Check-in desfeito.',
        'board.appointmentAt': 'Consulta às {time}',
        'board.late': '{minutes} min atrasado',
        'board.early': '{minutes} min adiantado',
        'board.onTime': 'no horário',
        'board.walkIn': 'Sem agendamento',
        'board.room': 'Sala: {room}',
        'board.callRoom': 'Chamar para a sala',
        'board.callRoomHint': 'Deixe em branco para a sala do profissional.',
        'walkin.open': 'Chegada sem agendamento',
        'walkin.title': 'Paciente sem agendamento',
        'walkin.practitioner': 'Profissional',
        'walkin.submit': 'Colocar na sala de espera',
        'walkin.done': '{patient} está na sala de espera.',
        'walkin.choosePatient': 'Escolha o paciente.',
        'panel.title': 'Chamadas',
        'panel.current': 'Chamando agora',
        'panel.previous': 'Últimas chamadas',
        'panel.none': 'Aguarde ser chamado.',
        'panel.room': 'Sala',
        'panel.sound': 'Ativar som',
        'panel.badToken': 'Este painel não tem um endereço válido. Peça ao administrador o endereço do painel.',
        'admin.panel': 'Painel e consultórios',
        'admin.display.title': 'Painel de chamada (TV da sala de espera)',
        'admin.display.name': 'Nome da TV',
        'admin.display.create': 'Criar endereço do painel',
        'admin.display.created': 'Abra este endereço na TV (ele só aparece agora):',
        'admin.display.revoke': 'Revogar',
        'admin.display.revoked': 'Revogado',
        'admin.display.none': 'Nenhum painel criado.',
        'admin.rooms.title': 'Consultórios',
        'admin.rooms.placeholder': 'Ex.: Consultório 2',
        'admin.rooms.save': 'Salvar',
        'admin.rooms.saved': 'Consultório salvo.',
        'audit.UNDO_NO_SHOW': 'Desfez falta', 'audit.UNDO_CANCEL': 'Desfez cancelamento', 'audit.UNDO_CHECK_IN': 'Desfez check-in',
        'audit.WAITING': 'Voltou para a fila', 'audit.NO_ANSWER': 'Não respondeu', 'audit.LEFT': 'Desistiu',
    },
    en: {
        'app.name': 'ClinicNode',
        'nav.patients': 'Patients',
        'nav.agenda': 'Agenda',
        'nav.board': 'Waiting room',
        'nav.admin': 'Admin',
        'nav.main': 'Main navigation',
        'nav.logout': 'Log out',
        'nav.skip': 'Skip to content',
        'live.on': 'Live',
        'live.off': 'Reconnecting…',
        'live.onHint': 'Changes made at other desks show here at once.',
        'live.offHint': 'Live updates are paused; trying to reconnect.',
        'conn.lost': 'No connection to the clinic server. What you typed is kept; trying to reconnect…',
        'conn.back': 'Connection restored.',
        'login.title': 'Log in',
        'login.subtitle': 'Clinic front desk',
        'login.username': 'Username',
        'login.password': 'Password',
        'login.submit': 'Log in',
        'login.language': 'Language',
        'login.wrong': 'Wrong username or password. Check them and try again.',
        'login.throttled': 'Too many failed attempts. Wait {seconds} seconds and try again.',
        'login.expired': 'Your session ended after {minutes} minutes without activity. Log in again; what you were typing has been kept.',
        'login.revoked': 'Your session is no longer valid. Log in again; what you were typing has been kept.',
        'login.loggedOut': 'You have logged out. Goodbye!',
        'login.required': 'Enter your username and password.',
        'common.save': 'Save',
        'common.saving': 'Saving…',
        'common.cancel': 'Cancel',
        'common.close': 'Close',
        'common.edit': 'Edit',
        'common.retry': 'Try again',
        'common.loading': 'Loading…',
        'common.yes': 'Yes',
        'common.no': 'No',
        'common.optional': 'optional',
        'common.none': '—',
        'error.network': 'Could not reach the clinic server. Check the network and try again.',
        'error.networkSave': 'Could not reach the clinic server. What you typed is kept: press Save again when the connection is back.',
        'error.server': 'The server could not complete the request. Try again; if it keeps failing, call the technician.',
        'error.forbidden': 'Your user is not allowed to do this. Ask an administrator.',
        'error.notFound': 'Not found. It may have been removed; go back and search again.',
        'error.fields': 'Correct {count} field(s) to save: {fields}.',
        'error.notAvailable': 'This feature is not available on this server yet.',
        'error.refused': 'The server refused the request. Check what you entered and try again.',
        'v.dateRange': 'The date must be between 01/01/1900 and today.',
        'code.required': 'Fill in this field.',
        'code.too-long': 'Too long: shorten it.',
        'code.control-characters': 'Remove special characters such as line breaks.',
        'code.type.string': 'This value has the wrong format.',
        'code.type.integer': 'Enter a whole number.',
        'code.type.boolean': 'This value has the wrong format.',
        'code.type.object': 'This value has the wrong format.',
        'code.type.array': 'This value has the wrong format.',
        'code.number.out-of-range': 'The number is out of the allowed range.',
        'code.enum.unknown': 'Choose one of the options in the list.',
        'code.date.invalid': 'Use the format {pattern}.',
        'code.date.out-of-range': 'The date is out of the allowed range.',
        'code.datetime.invalid': 'Enter a valid date and time.',
        'code.datetime.whole-minute': 'Use a time on a whole minute, such as 09:30.',
        'code.time.invalid': 'Use the format HH:MM.',
        'code.id.invalid': 'Not a valid record: find it again.',
        'code.json.malformed': 'The request could not be read. Reload the page and try again.',
        'code.json.too-complex': 'The request could not be read. Reload the page and try again.',
        'code.body.unreadable': 'The request could not be read. Reload the page and try again.',
        'code.content-length.invalid': 'The request could not be read. Reload the page and try again.',
        'code.name.no-letters': 'The name must contain letters.',
        'code.cpf.format': 'Invalid CPF: enter its 11 digits, such as 123.456.789-09.',
        'code.cpf.check-digit': 'Invalid CPF: its check digits do not match. Check the number.',
        'code.document.format': 'The document must have 3 to 30 letters or digits.',
        'code.document.taken': 'Another patient already has this document.',
        'code.email.invalid': 'Enter a valid e-mail address, such as name@example.com.',
        'code.phone.invalid': 'Enter a phone number with area code, such as (11) 98765-4321.',
        'code.patient.unknown': 'Patient not found. It may have been removed; search again.',
        'code.practitioner.unknown': 'Practitioner not found. Reload the agenda.',
        'code.practitioner.inactive': 'This practitioner no longer takes appointments. Choose another.',
        'code.hours.too-many': 'Too many intervals: merge or remove some.',
        'code.hours.end-before-start': 'The end must be after the start.',
        'code.hours.overlap': 'These hours overlap others on the same day.',
        'code.slot.taken': 'This slot is already taken. Choose another time.',
        'code.slot.outside-hours': "Outside the practitioner's working hours. Choose a time within them.",
        'code.appointment.one-change': 'Make one change at a time: move the appointment or change its status.',
        'code.appointment.not-booked': 'This appointment is no longer booked: it was cancelled, marked a no-show or checked in. Reload the agenda.',
        'code.appointment.unknown': 'Appointment not found. It may have been removed; reload the agenda.',
        'code.status.not-settable': 'This status cannot be set directly.',
        'code.visit.backwards': 'The patient is already past this step in the waiting room.',
        'code.visit.unknown': 'This visit is no longer in the waiting room.',
        'code.username.format': 'Use 2 to 64 lower-case letters, digits, dots, dashes or underscores.',
        'code.username.taken': 'A user with this name already exists.',
        'code.password.too-short': 'The password needs at least 8 characters.',
        'code.roles.empty': 'Choose at least one role.',
        'code.user.unknown': 'User not found.',
        'code.last-admin': 'This is the last active admin: give another user the admin role first.',
        'code.id.duplicate': 'This record was saved already. Reload the page to see it.',
        'code.rejected': 'The server refused this value. Check it and try again.',
        'search.label': 'Find a patient',
        'search.placeholder': 'Name, birth date, CPF or phone',
        'search.hint': 'Name parts in any order, accents optional; a date like 12/03/1984; a CPF or the end of a phone number.',
        'search.empty': 'No patient found for “{query}”. Check the spelling or register a new one.',
        'search.start': 'Type at least 2 letters or 3 digits to search.',
        'search.results': '{count} patient(s) found',
        'search.new': 'New patient',
        'patient.title.new': 'New patient',
        'patient.title.edit': 'Edit record',
        'patient.identification': 'Identification',
        'patient.fullName': 'Full name',
        'patient.birthDate': 'Birth date',
        'patient.sex': 'Sex',
        'patient.sex.none': 'Not given',
        'patient.sex.FEMALE': 'Female',
        'patient.sex.MALE': 'Male',
        'patient.sex.OTHER': 'Other',
        'patient.sex.UNDISCLOSED': 'Prefers not to say',
        'patient.document': 'CPF',
        'patient.documentOther': 'Document',
        'patient.phone': 'Phone',
        'patient.secondaryPhone': 'Other phone',
        'patient.email': 'E-mail',
        'patient.address': 'Address',
        'patient.address.line': 'Street and number',
        'patient.address.city': 'City',
        'patient.address.state': 'State',
        'patient.address.postalCode': 'Postal code',
        'patient.consents': 'Consents',
        'patient.consents.sms': 'Accepts SMS reminders',
        'patient.consents.email': 'Accepts e-mail reminders',
        'patient.consents.dataProcessing': 'Allows processing of personal data (LGPD)',
        'patient.age': '{age} years',
        'patient.contact': 'Contact',
        'patient.created': 'Patient registered.',
        'patient.updated': 'Record updated.',
        'patient.draftRestored': 'Draft recovered: what you had typed has been restored.',
        'patient.discard': 'Discard draft',
        'patient.dup.title': 'Possible duplicate record',
        'patient.dup.nameBirth': 'A patient with the same name and birth date already exists:',
        'patient.dup.document': 'A patient with this document already exists. Open that record instead of creating another:',
        'patient.dup.open': 'Open record',
        'patient.dup.saveAnyway': 'Not the same person: save anyway',
        'patient.book': 'Book appointment',
        'patient.checkin': 'Check in',
        'patient.checkedIn': 'Checked in',
        'patient.today': "Today's appointments",
        'patient.noToday': 'No appointment today.',
        'agenda.title': 'Agenda',
        'agenda.today': 'Today',
        'agenda.prev': 'Previous day',
        'agenda.next': 'Next day',
        'agenda.date': 'Date',
        'agenda.print': 'Print day list',
        'agenda.time': 'Time',
        'agenda.noPractitioners': 'No practitioners yet. An administrator can add them under Admin → Practitioners.',
        'agenda.noHours': 'No practitioner works on this day.',
        'agenda.free': 'Free',
        'agenda.bookAt': 'Book {time} with {practitioner}',
        'agenda.pickSlot': 'Choose a free slot for {patient}.',
        'agenda.book.title': 'New appointment',
        'agenda.book.when': '{practitioner} · {date} at {time}',
        'agenda.book.patient': 'Patient',
        'agenda.book.searchPatient': 'Find the patient by name, birth date, CPF or phone',
        'agenda.book.change': 'Change',
        'agenda.book.duration': 'Duration',
        'agenda.book.minutes': '{minutes} min',
        'agenda.book.notes': 'Notes',
        'agenda.book.submit': 'Book',
        'agenda.book.choosePatient': 'Choose the patient before booking.',
        'agenda.booked': 'Appointment booked.',
        'agenda.taken': 'Slot taken: {practitioner} already sees {patient} from {start} to {end}. Choose another time.',
        'agenda.outside': "Outside {practitioner}'s working hours. Choose a time within them.",
        'agenda.appt.title': 'Appointment',
        'agenda.appt.move': 'Move',
        'agenda.appt.moveSubmit': 'Save new time',
        'agenda.appt.newDate': 'New date',
        'agenda.appt.newTime': 'New time',
        'agenda.appt.cancel': 'Cancel appointment',
        'agenda.appt.cancelConfirm': 'Cancel the appointment of {patient} at {time}?',
        'agenda.appt.noShow': 'Mark no-show',
        'agenda.appt.checkin': 'Check in',
        'agenda.appt.openPatient': 'Open record',
        'agenda.appt.moved': 'Appointment moved.',
        'agenda.appt.cancelled': 'Appointment cancelled.',
        'agenda.appt.markedNoShow': 'No-show recorded.',
        'agenda.appt.checkedIn': 'Checked in: {patient} is in the waiting room.',
        'agenda.dayList': 'Day list',
        'agenda.dayList.empty': 'No appointments.',
        'agenda.dayList.printed': 'Printed {when}',
        'status.BOOKED': 'Booked',
        'status.CHECKED_IN': 'Arrived',
        'status.CANCELLED': 'Cancelled',
        'status.NO_SHOW': 'No-show',
        'status.COMPLETED': 'Completed',
        'board.title': 'Waiting room',
        'board.WAITING': 'Waiting',
        'board.CALLED': 'Called',
        'board.IN_CONSULTATION': 'In consultation',
        'board.DONE': 'Done',
        'board.waited': 'Waited {minutes} min',
        'board.waiting': 'Waiting for {minutes} min',
        'board.arrived': 'Arrived at {time}',
        'board.call': 'Call',
        'board.start': 'Start consultation',
        'board.finish': 'Finish',
        'board.empty': 'Nobody here.',
        'board.with': 'with {practitioner}',
        'admin.title': 'Admin',
        'admin.users': 'Users',
        'admin.practitioners': 'Practitioners',
        'admin.audit': 'Audit trail',
        'admin.users.new': 'New user',
        'admin.users.username': 'Username',
        'admin.users.displayName': 'Display name',
        'admin.users.password': 'Password',
        'admin.users.newPassword': 'New password',
        'admin.users.roles': 'Roles',
        'admin.users.language': 'Language',
        'admin.users.active': 'Active',
        'admin.users.created': 'User created.',
        'admin.users.updated': 'User updated.',
        'admin.users.edit': 'Edit {username}',
        'role.FRONT_DESK': 'Front desk',
        'role.PRACTITIONER': 'Practitioner',
        'role.ADMIN': 'Administrator',
        'language.pt-BR': 'Português (Brasil)',
        'language.en': 'English',
        'admin.pract.new': 'New practitioner',
        'admin.pract.fullName': 'Full name',
        'admin.pract.specialty': 'Specialty',
        'admin.pract.hours': 'Working hours',
        'admin.pract.addHours': 'Add hours',
        'admin.pract.removeHours': 'Remove',
        'admin.pract.day': 'Day',
        'admin.pract.start': 'Start',
        'admin.pract.end': 'End',
        'admin.pract.active': 'Seeing patients',
        'admin.pract.created': 'Practitioner added.',
        'admin.pract.updated': 'Practitioner updated.',
        'admin.pract.edit': 'Edit {name}',
        'admin.pract.none': 'No practitioners yet.',
        'admin.audit.search': 'Patient',
        'admin.audit.pick': 'Find a patient to see who viewed or changed the record.',
        'admin.audit.for': 'Access log of {patient}',
        'admin.audit.at': 'When',
        'admin.audit.user': 'User',
        'admin.audit.action': 'Action',
        'admin.audit.node': 'Node',
        'admin.audit.detail': 'Detail',
        'admin.audit.empty': 'No entries.',
        'admin.cluster': 'Nodes',
        'admin.cluster.intro': 'The clinic\'s nodes as this one sees them: who leads, how far each has applied every origin\'s changes, how far behind it is, and its data checksum (equal checksums: identical data).',
        'admin.cluster.same': '{count} node(s); every node that answers holds the same data.',
        'admin.cluster.differ': 'The nodes do not hold the same data yet (the difference goes once they have caught up).',
        'admin.cluster.node': 'Node',
        'admin.cluster.role': 'Role',
        'admin.cluster.journal': 'Changes applied (per origin)',
        'admin.cluster.lag': 'Behind',
        'admin.cluster.checksum': 'Data checksum',
        'admin.cluster.address': 'Address',
        'admin.cluster.self': 'this one',
        'admin.cluster.leader': 'Leader',
        'admin.cluster.member': 'Member',
        'admin.cluster.unreachable': 'Did not answer',
        'admin.conflicts': 'Conflicts',
        'admin.conflicts.intro': 'What the clinic\'s nodes could not settle alone after the network was split. Open ones disappear once someone fixes the data.',
        'admin.conflicts.none': 'No conflicts.',
        'admin.conflicts.at': 'When',
        'admin.conflicts.kind': 'Kind',
        'admin.conflicts.what': 'What to do',
        'admin.conflicts.records': 'Records',
        'conflict.DOUBLE_BOOKING': 'Double booking', 'conflict.DUPLICATE_DOCUMENT': 'Shared document number',
        'conflict.DUPLICATE_CHECK_IN': 'Checked in twice', 'conflict.DUPLICATE_USERNAME': 'Username taken twice',
        'conflict.DUPLICATE_ID': 'Record sent twice', 'conflict.SUPERSEDED': 'Change superseded',
        'conflict.REFUSED': 'Event refused',
        'conflict.help.DOUBLE_BOOKING': 'Both appointments were kept. Move or cancel one of them.',
        'conflict.help.DUPLICATE_DOCUMENT': 'Both patients were kept; the one registered first holds the number. Correct the document of one of them.',
        'conflict.help.DUPLICATE_CHECK_IN': 'The first check-in is on the board; the other is kept off it.',
        'conflict.help.DUPLICATE_USERNAME': 'The user created first was kept, the other dropped. Tell whoever used the dropped account.',
        'conflict.help.DUPLICATE_ID': 'A record arrived twice; the first was kept. Nothing to do.',
        'conflict.help.SUPERSEDED': 'Two people changed the same data at the same time; the later change was kept. Check the record.',
        'conflict.help.REFUSED': 'An event from another node could not be applied here. Check the record.',
        'audit.VIEW': 'Viewed', 'audit.CREATE': 'Registered', 'audit.UPDATE': 'Changed', 'audit.BOOK': 'Booked',
        'audit.MOVE': 'Moved', 'audit.CANCEL': 'Cancelled', 'audit.CANCELLED': 'Cancelled', 'audit.NO_SHOW': 'Marked no-show',
        'audit.CHECK_IN': 'Checked in', 'audit.CALLED': 'Called', 'audit.IN_CONSULTATION': 'Started consultation', 'audit.DONE': 'Finished',
        'audit.SEARCH': 'Searched',
        'day.MONDAY': 'Monday', 'day.TUESDAY': 'Tuesday', 'day.WEDNESDAY': 'Wednesday', 'day.THURSDAY': 'Thursday',
        'day.FRIDAY': 'Friday', 'day.SATURDAY': 'Saturday', 'day.SUNDAY': 'Sunday',
        // ---- The front desk's day (issue 11, desk-a): undo, encaixe, walk-ins, priorities, rooms, call panel ----
        'code.no-show.too-early': "Too early for a no-show: only from the appointment's start plus the grace.",
        'code.checkin.not-today': "A patient is checked in on the appointment's day only.",
        'code.undo.nothing': 'This appointment has no no-show, cancellation or check-in to undo.',
        'code.undo.too-late': 'This can only be undone on the day it was done.',
        'code.checkin.already-called': 'The patient was called already: the check-in can no longer be undone.',
        'code.checkin.undone': 'This check-in was undone already.',
        'code.checkin.walk-in-appointment': 'A walk-in has no appointment.',
        'code.squeeze-in.forbidden': 'Your role cannot book squeeze-ins. Ask the front desk or the practitioner.',
        'code.visit.transition': 'This step is not possible now in the waiting room. Reload the screen.',
        'code.priority.invalid': 'Invalid priority. Age (60+ and 80+) is set automatically.',
        'code.room.only-when-called': 'A room is given only when calling the patient.',
        'code.display-token.invalid': "The panel's address is wrong or revoked. Ask the admin for the panel's address.",
        'code.display-token.unknown': 'This panel no longer exists.',
        'agenda.appt.noShowConfirm': 'Confirm no-show of {patient} ({time})? Only if the patient did not come.',
        'agenda.appt.noShowFrom': "No-show only from {time} (the appointment's start plus the grace).",
        'agenda.appt.undoNoShow': 'Undo no-show',
        'agenda.appt.undoCancel': 'Undo cancellation',
        'agenda.appt.undoCheckIn': 'Undo check-in',
        'agenda.appt.undone': "Undone: {patient}'s appointment is booked again.",
        'agenda.appt.squeezeInHere': 'Squeeze another patient in at this time',
        'agenda.book.squeezeIn': 'Squeeze-in: may overlap another appointment',
        'agenda.book.squeezeInTitle': 'Squeeze-in',
        'agenda.squeezeIn': 'Squeeze-in',
        'checkin.priorities': 'Priority service',
        'checkin.ageAuto': 'Age 60+ and 80+ is set automatically from the birth date.',
        'priority.AGE_80': '80+', 'priority.AGE_60': '60+', 'priority.PREGNANT': 'Pregnant', 'priority.BREASTFEEDING': 'Breastfeeding',
        'priority.LAP_CHILD': 'With a lap child', 'priority.DISABILITY': 'Disability or autism',
        'priority.REDUCED_MOBILITY': 'Reduced mobility', 'priority.OBESITY': 'Obesity',
        'board.priority': 'Priority',
        'board.NO_ANSWER': 'Did not answer',
        'board.LEFT': 'Gave up / left',
        'board.backToQueue': 'Back to the queue',
        'board.noAnswer': 'Did not answer',
        'board.left': 'Gave up / left',
        'board.callAgain': 'Call again',
        'board.undoCheckIn': 'Undo check-in',
        'board.undone': 'Check-in undone.',
        'board.appointmentAt': 'Appointment at {time}',
        'board.late': '{minutes} min late',
        'board.early': '{minutes} min early',
        'board.onTime': 'on time',
        'board.walkIn': 'Walk-in',
        'board.room': 'Room: {room}',
        'board.callRoom': 'Call to room',
        'board.callRoomHint': "Leave blank for the practitioner's room.",
        'walkin.open': 'Walk-in patient',
        'walkin.title': 'Patient without an appointment',
        'walkin.practitioner': 'Practitioner',
        'walkin.submit': 'Put in the waiting room',
        'walkin.done': '{patient} is in the waiting room.',
        'walkin.choosePatient': 'Choose the patient.',
        'panel.title': 'Calls',
        'panel.current': 'Now calling',
        'panel.previous': 'Last calls',
        'panel.none': 'Please wait to be called.',
        'panel.room': 'Room',
        'panel.sound': 'Turn sound on',
        'panel.badToken': "This panel's address is not valid. Ask the admin for the panel's address.",
        'admin.panel': 'Panel and rooms',
        'admin.display.title': 'Call panel (waiting-room TV)',
        'admin.display.name': 'TV name',
        'admin.display.create': 'Create panel address',
        'admin.display.created': 'Open this address on the TV (it is shown only now):',
        'admin.display.revoke': 'Revoke',
        'admin.display.revoked': 'Revoked',
        'admin.display.none': 'No panel created.',
        'admin.rooms.title': 'Consulting rooms',
        'admin.rooms.placeholder': 'E.g. Room 2',
        'admin.rooms.save': 'Save',
        'admin.rooms.saved': 'Room saved.',
        'audit.UNDO_NO_SHOW': 'Undid no-show', 'audit.UNDO_CANCEL': 'Undid cancellation', 'audit.UNDO_CHECK_IN': 'Undid check-in',
        'audit.WAITING': 'Back to the queue', 'audit.NO_ANSWER': 'Did not answer', 'audit.LEFT': 'Left',
    },
};

export const LANGUAGES = ['pt-BR', 'en'];
export const DAYS = ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY', 'SUNDAY'];
let language = 'pt-BR';

export function setLanguage(tag) {
    language = catalogs[tag] ? tag : 'pt-BR';
    document.documentElement.lang = language;
}

export function currentLanguage() {
    return language;
}

/** The message for key in the user's language, with {name} placeholders filled from params. */
export function t(key, params = {}) {
    const text = catalogs[language][key] ?? catalogs['pt-BR'][key] ?? key;
    return text.replace(/\{(\w+)\}/g, (match, name) => (name in params ? String(params[name]) : match));
}

/** A known key's message, or fallback when the catalog has none (codes from newer nodes). */
export function tOr(key, fallback) {
    return catalogs[language][key] ?? catalogs['pt-BR'][key] ?? fallback;
}

/**
 * The sentence for one of the server's stable error codes (a field error's or a refusal's) in the user's language.
 * A code this app does not know (from a newer node) gets a generic sentence: the server's English message never shows.
 */
export function codeMessage(code) {
    const key = `code.${code}`;
    return catalogs[language][key] || catalogs['pt-BR'][key] ? t(key, {pattern: datePattern()}) : t('code.rejected');
}

// ---- Dates, times and numbers in the clinic's locale ------------------------------------------------------

const numericDate = new Intl.DateTimeFormat(clinic.locale, {day: '2-digit', month: '2-digit', year: 'numeric', timeZone: 'UTC'});
const dateOrder = numericDate.formatToParts(new Date(Date.UTC(2001, 10, 22)))
    .filter(part => ['day', 'month', 'year'].includes(part.type)).map(part => part.type);

/** How the clinic writes a date, for placeholders and messages: dd/mm/aaaa in Brazil. */
export function datePattern() {
    const words = language === 'pt-BR' ? {day: 'dd', month: 'mm', year: 'aaaa'} : {day: 'dd', month: 'mm', year: 'yyyy'};
    return dateOrder.map(part => words[part]).join('/');
}

/** 'YYYY-MM-DD' → the clinic's numeric date (12/03/1984). */
export function formatDate(isoDate) {
    if (!isoDate) {
        return '';
    }
    const [year, month, day] = isoDate.split('-').map(Number);
    return numericDate.format(new Date(Date.UTC(year, month - 1, day)));
}

/** Parses a date typed in the clinic's order (or as YYYY-MM-DD) to 'YYYY-MM-DD'; null when not a real date. */
export function parseDate(text) {
    const value = (text || '').trim();
    let year, month, day;
    const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(value);
    const local = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(value);
    if (iso) {
        [year, month, day] = iso.slice(1).map(Number);
    } else if (local) {
        const parts = {};
        dateOrder.forEach((name, index) => { parts[name] = Number(local[index + 1]); });
        if (dateOrder[0] === 'year') {
            return null;
        }
        ({year, month, day} = parts);
    } else {
        return null;
    }
    const date = new Date(Date.UTC(year, month - 1, day));
    if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
        return null;
    }
    return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** A long date in the user's language, numbers as the clinic writes them: "terça-feira, 1 de dezembro de 2026". */
export function formatLongDate(isoDate) {
    const [year, month, day] = isoDate.split('-').map(Number);
    return new Intl.DateTimeFormat(language, {weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC'})
        .format(new Date(Date.UTC(year, month - 1, day)));
}

/** Weekday name (MONDAY…) of an ISO date. */
export function dayOfWeek(isoDate) {
    const [year, month, day] = isoDate.split('-').map(Number);
    return DAYS[(new Date(Date.UTC(year, month - 1, day)).getUTCDay() + 6) % 7];
}

/** Adds days to an ISO date. */
export function addDays(isoDate, days) {
    const [year, month, day] = isoDate.split('-').map(Number);
    return new Date(Date.UTC(year, month - 1, day + days)).toISOString().slice(0, 10);
}

/** Today in the clinic's time zone, as 'YYYY-MM-DD'. */
export function today() {
    return new Intl.DateTimeFormat('en-CA', {timeZone: clinic.timeZone, year: 'numeric', month: '2-digit', day: '2-digit'})
        .format(new Date());
}

/** An instant ('2026-12-01T12:03:00Z') as the clinic's wall-clock time, 'HH:MM'. */
export function formatInstantTime(instant) {
    return new Intl.DateTimeFormat(clinic.locale, {hour: '2-digit', minute: '2-digit', hour12: false, timeZone: clinic.timeZone})
        .format(new Date(instant));
}

/** An instant as the clinic's date and time. */
export function formatInstant(instant) {
    return new Intl.DateTimeFormat(clinic.locale, {day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit',
        minute: '2-digit', second: '2-digit', hour12: false, timeZone: clinic.timeZone}).format(new Date(instant));
}

/** The 'HH:MM' of a clinic-local date-time such as '2026-12-01T09:00'. */
export function timeOf(localDateTime) {
    return (localDateTime || '').slice(11, 16);
}

export function age(isoDate) {
    const now = today();
    const [year, month, day] = isoDate.split('-').map(Number);
    const [nowYear, nowMonth, nowDay] = now.split('-').map(Number);
    return nowYear - year - (nowMonth < month || (nowMonth === month && nowDay < day) ? 1 : 0);
}

/** A phone number as people in the clinic's country write it; anything unrecognised as typed. */
export function formatPhone(text) {
    if (!text) {
        return '';
    }
    let digits = text.replace(/\D/g, '');
    if (clinic.locale !== 'pt-BR') {
        return text;
    }
    if ((digits.length === 12 || digits.length === 13) && digits.startsWith('55')) {
        digits = digits.slice(2);
    }
    if (digits.length === 11) {
        return `(${digits.slice(0, 2)}) ${digits.slice(2, 7)}-${digits.slice(7)}`;
    }
    if (digits.length === 10) {
        return `(${digits.slice(0, 2)}) ${digits.slice(2, 6)}-${digits.slice(6)}`;
    }
    return text;
}

/** A document number as written in the clinic's country (CPF 000.000.000-00 in Brazil). */
export function formatDocument(text) {
    if (!text) {
        return '';
    }
    const digits = text.replace(/\D/g, '');
    if (clinic.locale === 'pt-BR' && digits.length === 11) {
        return `${digits.slice(0, 3)}.${digits.slice(3, 6)}.${digits.slice(6, 9)}-${digits.slice(9)}`;
    }
    return text;
}

/** What is wrong with a Brazilian CPF, as the server's code ('cpf.format', 'cpf.check-digit'); null when it is right. */
export function cpfProblem(text) {
    const digits = (text || '').replace(/\D/g, '');
    if (digits.length !== 11) {
        return 'cpf.format';
    }
    if (/^(\d)\1{10}$/.test(digits)) {
        return 'cpf.check-digit';
    }
    const check = length => {
        let sum = 0;
        for (let i = 0; i < length; i++) {
            sum += Number(digits[i]) * (length + 1 - i);
        }
        const rest = (sum * 10) % 11;
        return (rest === 10 ? 0 : rest) === Number(digits[length]);
    };
    return check(9) && check(10) ? null : 'cpf.check-digit';
}

/** Whether a Brazilian CPF's two check digits are right. */
export function validCpf(text) {
    return cpfProblem(text) === null;
}

export function documentLabel() {
    return clinic.locale === 'pt-BR' ? t('patient.document') : t('patient.documentOther');
}
